package ptlab.kernel.eval;

import java.util.List;

/**
 * A failed cell, as Jupyter shows it.
 *
 * @param ename     the error's name (an exception's simple class name, or e.g. {@code CompileError})
 * @param evalue    one line: the message
 * @param traceback the lines the notebook shows
 */
public record CellError(String ename, String evalue, List<String> traceback) {

    /** Error names the kernel itself uses: javac rejected a snippet. */
    public static final String COMPILE_ERROR = "CompileError";
    /** A declaration used, or left, with references that are not declared. */
    public static final String UNRESOLVED = "UnresolvedReference";
    /** The cell JVM ended while the cell ran. */
    public static final String JVM_EXITED = "CellJvmExited";
    /** The cell was interrupted. */
    public static final String INTERRUPTED = "Interrupted";
    /** A magic was used wrongly. */
    public static final String MAGIC_ERROR = "MagicError";
    /** The kernel itself failed. */
    public static final String KERNEL_ERROR = "KernelError";

    /** Keeps an unmodifiable copy of the traceback. */
    public CellError {
        traceback = List.copyOf(traceback);
    }

    /** An error whose whole story is one line. */
    public static CellError oneLine(String ename, String message) {
        return new CellError(ename, message, List.of(ename + ": " + message));
    }

    /**
     * The cell JVM ended while the cell ran.
     *
     * @param crashReport the JVM's crash report (hs_err file), or null if it did not crash
     */
    public static CellError jvmExited(int status, java.nio.file.Path crashReport) {
        return oneLine(JVM_EXITED, "The JVM running your cells exited with status " + status + "; state was reset."
                + (crashReport == null ? "" : " It crashed; its report is " + crashReport));
    }

    /** The cell was interrupted; {@code reset} if the cell JVM had to be replaced. */
    public static CellError interrupted(boolean reset) {
        return oneLine(INTERRUPTED, reset
                ? "The cell was interrupted. It did not stop, so the JVM running your cells was replaced; state was reset."
                : "The cell was interrupted.");
    }
}
