package ptlab.kernel.protocol;

/**
 * A port of the connection file that another program holds, so the kernel cannot bind it. Its
 * message names the port, the channel and, where it can be found out, the program.
 */
public final class PortTakenException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
        super(message);
    }
}
