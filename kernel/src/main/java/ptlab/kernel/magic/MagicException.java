package ptlab.kernel.magic;

/** A magic was used wrongly; the message is one line that names the problem. */
public final class MagicException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message one line that names the problem, e.g. {@code %load needs exactly one file} */
    public MagicException(String message) {
        super(message);
    }

    /**
     * A magic failed because of {@code cause}.
     *
     * @param what  what failed, e.g. {@code %maven: could not resolve a:b:1}
     * @param cause the failure; its innermost message follows {@code what}
     */
    public MagicException(String what, Throwable cause) {
        super(what + ": " + rootMessage(cause), cause);
    }

    /** The innermost message, on one line. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }
}
