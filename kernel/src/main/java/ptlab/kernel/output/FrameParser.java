package ptlab.kernel.output;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cuts display frames out of the cell JVM's stdout bytes (see docs/architecture.md):
 *
 * <pre>ESC "]ptlab;" VERB ";" BASE64 BEL "\n"</pre>
 *
 * <p>Bytes arrive in packets of at most 127 bytes, so a frame is usually split over several
 * {@link #feed} calls; the parser is a small state machine that keeps the bytes of a frame it
 * has started (the <em>candidate</em>) until the frame ends or turns out not to be one. A
 * candidate that goes wrong (another byte than the expected one, a bad verb, a non-Base64 byte,
 * Base64 or JSON that does not decode, an oversized payload) is handed on as text, byte for
 * byte, so nothing printed is ever lost. Everything outside frames is text. A frame whose
 * payload grows past {@link Caps#DISPLAY_BYTES} (as JSON) is not kept: its bytes are counted and
 * skipped up to its end, and the listener hears its size instead ({@link Listener#tooBig}); so a
 * frame's prefix never reaches the notebook as text, and the kernel never holds a huge frame.
 *
 * <p>Text is handed on as bytes: ESC and BEL never occur inside a UTF-8 multi-byte sequence,
 * so cutting here never splits a character that was not already split by the packets; the
 * listener decodes.
 */
final class FrameParser {

    /** Receives the parsed stream, in order. */
    interface Listener {
        /** Bytes of ordinary output. */
        void text(byte[] bytes, int offset, int length);

        /** A complete, well-formed frame. */
        void frame(DisplayFrame frame);

        /** A frame was skipped: its JSON would have been {@code jsonBytes} bytes, over the cap. */
        void tooBig(long jsonBytes);
    }

    private static final byte ESC = 0x1B;
    private static final byte BEL = 0x07;
    private static final byte[] PREFIX = "\u001B]ptlab;".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_VERB = 16;
    /** The most Base64 bytes of a frame that is kept: {@link Caps#DISPLAY_BYTES} of JSON. */
    static final long MAX_PAYLOAD = Caps.DISPLAY_BYTES / 3L * 4;

    private enum State { TEXT, PREFIX, VERB, PAYLOAD, SKIP, AFTER_FRAME }

    private final Listener listener;
    private final ByteArrayOutputStream candidate = new ByteArrayOutputStream();
    private final StringBuilder verb = new StringBuilder();
    private State state = State.TEXT;
    private int prefixMatched;
    private int payloadStart;
    private long skipped; // Base64 bytes of a frame over the cap, in state SKIP

    FrameParser(Listener listener) {
        this.listener = listener;
    }

    /** Feeds the next bytes of the stream. */
    void feed(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (state == State.TEXT) {
                int esc = indexOf(b, ESC, i, end);
                if (esc > i) {
                    listener.text(b, i, esc - i);
                }
                if (esc == end) {
                    return;
                }
                startCandidate();
                i = esc + 1;
                continue;
            }
            if (state == State.SKIP) {
                int bel = indexOf(b, BEL, i, end);
                skipped += bel - i;
                i = bel;
                if (bel == end) {
                    return;
                }
            }
            if (step(b[i])) {
                i++;
            }
            // else: the byte ended a failed candidate and is looked at again in state TEXT
        }
    }

    /**
     * Gives up on an unfinished frame: its bytes become text. Called when a cell ends, so that a
     * stray {@code ESC ]ptlab;} without its end does not swallow later output.
     */
    void flushPartial() {
        if (state == State.SKIP) {
            endSkip();
        } else if (state == State.PREFIX || state == State.VERB || state == State.PAYLOAD) {
            abort();
        } else if (state == State.AFTER_FRAME) {
            state = State.TEXT;
        }
    }

    /** @return true if the parser holds bytes of a frame that has not ended yet */
    boolean inFrame() {
        return state == State.PREFIX || state == State.VERB || state == State.PAYLOAD || state == State.SKIP;
    }

    /** Forgets a frame in progress without handing on its bytes (its output is being dropped). */
    void reset() {
        candidate.reset();
        state = State.TEXT;
    }

    private void startCandidate() {
        candidate.reset();
        candidate.write(ESC);
        verb.setLength(0);
        prefixMatched = 1;
        state = State.PREFIX;
    }

    /**
     * Consumes one byte outside state TEXT.
     *
     * @return false if the byte was not consumed (the candidate failed and the byte must be
     *         looked at again as text)
     */
    private boolean step(byte c) {
        switch (state) {
            case PREFIX:
                if (c != PREFIX[prefixMatched]) {
                    abort();
                    return false;
                }
                candidate.write(c);
                if (++prefixMatched == PREFIX.length) {
                    state = State.VERB;
                }
                return true;
            case VERB:
                if (c == ';' && verb.length() > 0) {
                    candidate.write(c);
                    payloadStart = candidate.size();
                    state = State.PAYLOAD;
                    return true;
                }
                if (c >= 'a' && c <= 'z' && verb.length() < MAX_VERB) {
                    candidate.write(c);
                    verb.append((char) c);
                    return true;
                }
                abort();
                return false;
            case PAYLOAD:
                if (c == BEL) {
                    finishFrame();
                    return true;
                }
                if (!isBase64(c)) {
                    abort();
                    return false;
                }
                if (candidate.size() - payloadStart >= MAX_PAYLOAD) {
                    skipped = candidate.size() - payloadStart + 1;
                    candidate.reset();
                    state = State.SKIP;
                    return true;
                }
                candidate.write(c);
                return true;
            case SKIP:
                if (c == BEL) {
                    endSkip();
                    state = State.AFTER_FRAME;
                } else {
                    skipped++;
                }
                return true;
            case AFTER_FRAME:
                state = State.TEXT;
                // the frame's own line end is not output
                return c == '\n';
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private void finishFrame() {
        byte[] all = candidate.toByteArray();
        DisplayFrame frame = null;
        try {
            byte[] json = Base64.getDecoder().decode(
                    new String(all, payloadStart, all.length - payloadStart, StandardCharsets.US_ASCII));
            frame = DisplayFrame.parse(verb.toString(), new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // not Base64
        }
        candidate.reset();
        if (frame == null) {
            listener.text(all, 0, all.length);
            listener.text(new byte[] {BEL}, 0, 1);
            state = State.TEXT;
        } else {
            listener.frame(frame);
            state = State.AFTER_FRAME;
        }
    }

    private void endSkip() {
        candidate.reset();
        state = State.TEXT;
        listener.tooBig(skipped / 4 * 3);
    }

    private void abort() {
        byte[] all = candidate.toByteArray();
        candidate.reset();
        state = State.TEXT;
        listener.text(all, 0, all.length);
    }

    private static boolean isBase64(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '+' || c == '/' || c == '=';
    }

    private static int indexOf(byte[] b, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return to;
    }
}
