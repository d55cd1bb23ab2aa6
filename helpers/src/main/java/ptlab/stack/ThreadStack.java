package ptlab.stack;

import java.util.ArrayList;
import java.util.List;

import ptlab.internal.Checks;

/**
 * One thread's stack at one moment: its name, whether it is virtual, how many frames deep it is, and the frames
 * (innermost first) as {@code method:line}. Frames of notebook cells (JShell's {@code REPL.$JShell$..} classes)
 * show as their method name only; other frames as {@code Class.method:line} with the class's simple name.
 *
 * <pre>{@code
 * ThreadStack s = ThreadStack.here();
 * s.depth();          // e.g. 9
 * s.top(3);           // e.g. [dig:4, dig:3, dig:3]
 * }</pre>
 *
 * @param thread  the thread's name
 * @param id      the thread's ID ({@link Thread#threadId()})
 * @param virtual true for a virtual thread
 * @param frames  the frames, innermost first
 */
public record ThreadStack(String thread, long id, boolean virtual, List<String> frames) {

    /** The most frames {@link #frames()} keeps: {@value}. */
    public static final int MAX_FRAMES = 200;

    /** Copies the frames. */
    public ThreadStack {
        Checks.notNull(thread, "thread");
        frames = List.copyOf(Checks.notNull(frames, "frames"));
    }

    /** The calling thread's stack, from the frame that called {@code here()} outwards. */
    public static ThreadStack here() {
        Thread t = Thread.currentThread();
        StackTraceElement[] all = new Throwable().getStackTrace();
        return of(t, all, 1); // skip here() itself
    }

    /**
     * Another thread's stack, as the JVM reports it now ({@link Thread#getStackTrace()}; empty when the thread
     * has not started or has ended).
     */
    public static ThreadStack of(Thread thread) {
        Checks.notNull(thread, "thread");
        return of(thread, thread.getStackTrace(), 0);
    }

    private static ThreadStack of(Thread t, StackTraceElement[] all, int skip) {
        List<String> frames = new ArrayList<>();
        for (int i = skip; i < all.length && frames.size() < MAX_FRAMES; i++) {
            frames.add(frame(all[i]));
        }
        return new ThreadStack(t.getName(), t.threadId(), t.isVirtual(), frames);
    }

    /** {@code dig:4} for cell code, {@code Thread.run:1474} for the rest. */
    static String frame(StackTraceElement e) {
        String cls = e.getClassName();
        String line = e.getLineNumber() >= 0 ? ":" + e.getLineNumber() : "";
        if (cls.startsWith("REPL.") || cls.contains("$JShell$")) {
            String m = e.getMethodName();
            return (m.startsWith("lambda$") ? "lambda" : m) + line;
        }
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        int dollar = simple.indexOf('$');
        if (dollar > 0) {
            simple = simple.substring(0, dollar);
        }
        return simple + "." + e.getMethodName() + line;
    }

    /** How many frames deep the thread is. */
    public int depth() {
        return frames.size();
    }

    /** The innermost {@code n} frames (fewer if the stack is shallower). */
    public List<String> top(int n) {
        Checks.range(n, 0, MAX_FRAMES, "n", "frames");
        return frames.subList(0, Math.min(n, frames.size()));
    }

    /** {@code worker-1: 9 frames, innermost dig:4 < dig:3 < dig:3 < ...}. */
    @Override
    public String toString() {
        List<String> top = top(4);
        return thread + ": " + depth() + " frames, innermost " + String.join(" < ", top) + (depth() > top.size() ? " < ..." : "");
    }
}
