package ptlab.kernel.output;

import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * One decoded display frame: what cell code asked the notebook to show, update or clear.
 *
 * @param verb       {@code display}, {@code update} or {@code clear}
 * @param data       for display/update: the MIME bundle with its metadata and display id
 * @param clearWait  for clear: wait for the next output before clearing
 */
record DisplayFrame(String verb, DisplayData data, boolean clearWait) {

    static final String DISPLAY = "display";
    static final String UPDATE = "update";
    static final String CLEAR = "clear";

    /**
     * Decodes a frame's JSON.
     *
     * @return the frame, or null if it does not follow the protocol (unknown verb, not a JSON
     *         object, {@code data} missing or without {@code text/plain}, an update without a
     *         display id)
     */
    static DisplayFrame parse(String verb, String json) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                return null;
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            return null;
        }
        switch (verb) {
            case CLEAR: {
                JsonElement wait = o.get("wait");
                boolean w = wait != null && wait.isJsonPrimitive() && wait.getAsJsonPrimitive().isBoolean()
                        && wait.getAsBoolean();
                return new DisplayFrame(CLEAR, null, w);
            }
            case DISPLAY:
            case UPDATE: {
                DisplayData data = bundle(o);
                if (data == null || (verb.equals(UPDATE) && !data.hasDisplayId())) {
                    return null;
                }
                return new DisplayFrame(verb, data, false);
            }
            default:
                return null;
        }
    }

    private static DisplayData bundle(JsonObject o) {
        JsonElement data = o.get("data");
        if (data == null || !data.isJsonObject() || !data.getAsJsonObject().has("text/plain")) {
            return null;
        }
        DisplayData d = new DisplayData();
        for (Map.Entry<String, JsonElement> e : data.getAsJsonObject().entrySet()) {
            d.putData(e.getKey(), plain(e.getValue()));
        }
        JsonElement meta = o.get("metadata");
        if (meta != null && meta.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : meta.getAsJsonObject().entrySet()) {
                d.putMetaData(e.getKey(), plain(e.getValue()));
            }
        }
        JsonElement id = o.get("display_id");
        if (id != null && id.isJsonPrimitive()) {
            d.setDisplayId(id.getAsString());
        }
        return d;
    }

    /** Strings stay strings; anything else (JSON for application/json, say) stays a JSON tree. */
    private static Object plain(JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return e.getAsString();
        }
        return e;
    }
}
