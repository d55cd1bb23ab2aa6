package ptlab.kernel.output;

/**
 * Every cap on what one cell can send to the notebook or load, in one place (the README's
 * "Limits" section says what a student sees when one is hit; {@code tests/test_probe.py} holds
 * the same numbers).
 */
public final class Caps {

    /** One megabyte, as the messages count it. */
    public static final int MB = 1024 * 1024;
    /**
     * All output of one cell together (stdout, stderr, the kernel's own lines, late output), in
     * characters. Past it output is counted, not sent; the cell ends with one line saying how much
     * was not shown.
     */
    public static final int OUTPUT_CHARS = 5 * MB;
    /** One display's Base64 payload, in bytes. A bigger display is replaced by one line naming its size. */
    public static final int DISPLAY_BYTES = 10 * MB;
    /** The largest file {@code %load} reads. */
    public static final long LOAD_FILE_BYTES = 1 * MB;
    /** Characters of a line shown on each side of a compile error's position. */
    public static final int ERROR_CONTEXT_CHARS = 80;

    private Caps() {
    }

    /** "18.0 MB": a size for a message. */
    public static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }
}
