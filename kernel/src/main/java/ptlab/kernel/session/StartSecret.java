package ptlab.kernel.session;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The secret that tells the cell JVM's connection from a stranger's. The kernel listens on a
 * loopback port that any local process can connect to; it starts the cell JVM with a fresh random
 * secret in its environment (variable {@value #VARIABLE}), and the agent sends it as the first
 * bytes on its connection. A connection that does not send it within {@value #READ_MILLIS} ms
 * is closed without a byte from the kernel.
 */
final class StartSecret {

    /** The environment variable the cell JVM finds the secret in (read by {@code CellAgent}). */
    static final String VARIABLE = "PTLAB_CELL_SECRET";
    /** The secret's length in characters (hex digits). */
    static final int LENGTH = 32;
    /** How long a connection has to send the secret. */
    static final int READ_MILLIS = 1000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private StartSecret() {
    }

    /** @return a fresh secret of {@value #LENGTH} hex digits */
    static String create() {
        byte[] b = new byte[LENGTH / 2];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Waits for the agent to connect, giving up at once if its JVM has ended instead. Any local
     * process can connect to the port; only a connection that first sends the secret the JVM
     * was started with is the agent's (see above), others are closed.
     */
    static Socket accept(ServerSocket listener, Process process, int timeoutMillis, String secret)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        listener.setSoTimeout(100);
        while (true) {
            try {
                Socket s = listener.accept();
                if (received(s, secret)) {
                    return s;
                }
                s.close(); // a stranger
            } catch (SocketTimeoutException e) {
                if (!process.isAlive()) {
                    throw new IOException("the cell JVM exited with status " + process.exitValue() + " while starting");
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the cell JVM did not connect within " + timeoutMillis + " ms");
                }
            }
        }
    }

    /** @return true if the connection's first bytes are the secret (compared in constant time) */
    static boolean received(Socket s, String secret) {
        try {
            s.setSoTimeout(READ_MILLIS);
            InputStream in = s.getInputStream();
            byte[] got = in.readNBytes(LENGTH);
            s.setSoTimeout(0);
            return MessageDigest.isEqual(got, secret.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false; // nothing, or too late
        }
    }
}
