package ptlab.kernel.output;

import java.util.ArrayList;
import java.util.List;

import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

/**
 * Output that arrived while no cell ran: a thread or a child process outlived its cell. It is
 * kept (up to {@link Caps#OUTPUT_CHARS} of text; past that only counted) and replayed at the
 * start of the next cell, under a line that says it is late and after which cell it came.
 * Consecutive text of one stream is merged; a display or an update keeps its place among the
 * text; a clear is not kept, as it would clear the wrong cell.
 *
 * <p>Not thread-safe: the {@link OutputRouter}'s lock guards it.
 */
final class LateOutput {

    /** Where late output is replayed: the router, into the cell that starts. */
    interface Replay {
        /** Text, within the cell's cap. */
        void text(StreamType type, String text);

        /** A display or update, after the text before it. */
        void frame(DisplayFrame frame);

        /** The kernel's own line (how much was not kept), past the cap. */
        void note(StreamType type, String text);
    }

    private final List<Object> events = new ArrayList<>(); // LateText or DisplayFrame
    private long chars;
    private long dropped;

    /** @return true if nothing is kept and nothing was dropped */
    boolean isEmpty() {
        return events.isEmpty() && dropped == 0;
    }

    /** @return true once the text kept reaches the cap: more output is only counted */
    boolean full() {
        return chars >= Caps.OUTPUT_CHARS;
    }

    /** Counts {@code n} bytes or characters that are not kept. */
    void drop(long n) {
        dropped += n;
    }

    /** Keeps text, or counts it if it does not fit under the cap. */
    void text(StreamType type, String text) {
        if (chars + text.length() > Caps.OUTPUT_CHARS) {
            dropped += text.length();
            return;
        }
        chars += text.length();
        Object last = events.isEmpty() ? null : events.get(events.size() - 1);
        if (last instanceof LateText l && l.type == type) {
            l.text.append(text);
        } else {
            events.add(new LateText(type, text));
        }
    }

    /** Keeps a display or an update; drops a clear. */
    void frame(DisplayFrame frame) {
        if (!frame.verb().equals(DisplayFrame.CLEAR)) {
            events.add(frame);
        }
    }

    /**
     * Replays what is kept, under its heading, then forgets it.
     *
     * @param lastCount the execution count of the cell that ended last (0: none yet)
     */
    void replay(int lastCount, Replay to) {
        to.text(StreamType.OUT, heading(lastCount));
        for (Object e : events) {
            if (e instanceof LateText t) {
                to.text(t.type, t.text.toString());
            } else {
                to.frame((DisplayFrame) e);
            }
        }
        if (dropped > 0) {
            to.note(StreamType.ERR, "[late output truncated: " + Caps.megabytes(dropped) + " more not shown]\n");
        }
        events.clear();
        chars = 0;
        dropped = 0;
    }

    /** The line above late output. */
    static String heading(int lastCount) {
        return lastCount > 0
                ? "[late output: printed after cell [" + lastCount + "] had finished]\n"
                : "[late output: printed while no cell was running]\n";
    }

    /** Text of one stream. */
    private static final class LateText {
        final StreamType type;
        final StringBuilder text;

        LateText(StreamType type, String text) {
            this.type = type;
            this.text = new StringBuilder(text);
        }
    }
}
