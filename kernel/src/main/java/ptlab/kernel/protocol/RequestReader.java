package ptlab.kernel.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

/**
 * Reads one request off a shell or control socket as jjava's {@link JupyterSocket#readMessage()}
 * does (same frames, same signature check, jjava's own Gson), except that the header is parsed
 * before the content: a request whose content does not fit its type (a cursor position that is
 * no int) is still known by type and id, so it can be answered with an error naming the field,
 * instead of being dropped without a reply.
 */
final class RequestReader {

    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Type JSON_MAP = new TypeToken<Map<String, Object>>() { }.getType();
    private static final Pattern JSON_PATH = Pattern.compile("path \\$\\.([A-Za-z0-9_.]+)");
    private static final Gson GSON = jjavaGson();

    /**
     * A request as read: the message (its content null when it did not parse) and, if it did not,
     * what was wrong.
     */
    record Request(Message<?> message, String problem) {
    }

    private RequestReader() {
    }

    /**
     * Reads the next request; the caller has polled, so one is there.
     *
     * @throws SecurityException if its signature is wrong
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Request read(ZMQ.Socket socket, HMACGenerator hmac) {
        List<byte[]> identities = new ArrayList<>();
        for (byte[] frame = socket.recv(); !Arrays.equals(frame, DELIMITER); frame = socket.recv()) {
            identities.add(frame);
        }
        String signature = socket.recvStr();
        byte[] header = socket.recv();
        byte[] parent = socket.recv();
        byte[] metadata = socket.recv();
        byte[] content = socket.recv();
        List<byte[]> blobs = new ArrayList<>();
        while (socket.hasReceiveMore()) {
            blobs.add(socket.recv());
        }
        String expected = hmac.calculateSignature(header, parent, metadata, content);
        if (expected != null && !expected.equals(signature)) {
            throw new SecurityException("Message received had invalid signature");
        }
        Header<?> h = GSON.fromJson(utf8(header), Header.class);
        JsonElement p = JsonParser.parseString(utf8(parent));
        Header<?> parentHeader = p.isJsonObject() && !p.getAsJsonObject().isEmpty() ? GSON.fromJson(p, Header.class) : null;
        Map<String, Object> meta = GSON.fromJson(utf8(metadata), JSON_MAP);
        Object body = null;
        String problem = null;
        try {
            body = GSON.fromJson(utf8(content), h.getType().getContentType());
        } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
            problem = describe(e, utf8(content), h.getType().getContentType());
        }
        return new Request(new Message(identities, h, parentHeader, meta, body, blobs), problem);
    }

    /**
     * "the field cursor_pos has a value of the wrong type or range (...)": the field is the one
     * Gson names in its message, or else the first one that fails to read on its own.
     */
    static String describe(Exception e, String content, Class<?> type) {
        String m = String.valueOf(e.getMessage());
        String first = m.lines().findFirst().orElse(m);
        Matcher path = JSON_PATH.matcher(m);
        String field = path.find() ? path.group(1) : failingField(content, type);
        return field != null
                ? "the field " + field + " has a value of the wrong type or range (" + first + ")"
                : "the request's content cannot be read (" + first + ")";
    }

    private static String failingField(String content, Class<?> type) {
        try {
            JsonObject all = JsonParser.parseString(content).getAsJsonObject();
            for (Map.Entry<String, JsonElement> field : all.entrySet()) {
                JsonObject alone = new JsonObject();
                alone.add(field.getKey(), field.getValue());
                try {
                    GSON.fromJson(alone, type);
                } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
                    return field.getKey();
                }
            }
        } catch (JsonParseException | IllegalStateException e) {
            // not even JSON
        }
        return null;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** jjava's Gson, which knows its message types' adapters. */
    private static Gson jjavaGson() {
        try {
            Field f = JupyterSocket.class.getDeclaredField("gson");
            f.setAccessible(true);
            return (Gson) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("jjava's JupyterSocket has no Gson to read requests with: " + e);
        }
    }
}
