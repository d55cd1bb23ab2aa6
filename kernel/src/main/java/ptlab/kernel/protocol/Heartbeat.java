package ptlab.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The heartbeat channel: echoes every message at once. Replaces jjava's HeartbeatChannel, whose
 * loop checks only every 500 ms and whose socket is closed while its thread may still be
 * polling; this one blocks in {@code recv} (with a short timeout so that it notices a close) and
 * closes its socket on its own thread.
 */
final class Heartbeat {

    private static final int RECV_TIMEOUT_MILLIS = 200;

    private final ZMQ.Socket socket;
    private final Thread thread;
    private volatile boolean running = true;

    Heartbeat(ZMQ.Context context) {
        socket = context.socket(SocketType.REP);
        socket.setLinger(0);
        socket.setReceiveTimeOut(RECV_TIMEOUT_MILLIS);
        thread = new Thread(this::echo, "ptlab-heartbeat");
        thread.setDaemon(true);
    }

    /** Binds the socket and starts echoing. */
    void bind(KernelConnectionProperties p) {
        socket.bind(p.getTransport() + "://" + p.getIp() + ":" + p.getHbPort());
        thread.start();
    }

    private void echo() {
        try {
            while (running) {
                byte[] ping = socket.recv(0);
                if (ping != null) {
                    socket.send(ping, 0);
                }
            }
        } catch (RuntimeException e) {
            // the context went away: nothing left to echo for
        } finally {
            socket.close();
        }
    }

    /** Stops echoing; the socket is closed by the heartbeat's own thread. */
    void close() {
        running = false;
        try {
            thread.join(RECV_TIMEOUT_MILLIS * 5L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
