package ptlab.kernel;

/** A magic was used wrongly; the message is one line that names the problem. */
final class MagicException extends Exception {
    private static final long serialVersionUID = 1L;

    MagicException(String message) {
        super(message);
    }
}
