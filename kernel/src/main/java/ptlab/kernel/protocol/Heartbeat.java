package ptlab.kernel.protocol;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The heartbeat channel: echoes every message at once. Replaces jjava's HeartbeatChannel, whose
 * loop checks only every 500 ms and whose socket is closed while its thread may still be
 * polling; this one blocks in {@code recv} (with a short timeout so that it notices a stop) and
 * its socket is closed once its thread has left the loop.
 */
final class Heartbeat {

    private final ZMQ.Socket socket;
    private final Thread thread;
    private volatile boolean running = true;

    Heartbeat(ZMQ.Context context) {
        socket = context.socket(SocketType.REP);
        socket.setLinger(0);
        socket.setReceiveTimeOut((int) KernelSockets.WAKE_MILLIS);
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
        }
    }

    /** Has the thread leave its loop (within {@link KernelSockets#WAKE_MILLIS}); see {@link #close}. */
    void stop() {
        running = false;
    }

    /**
     * Waits for the thread to leave its loop, then closes the socket; a thread that does not
     * leave in time keeps its socket (the kernel is ending).
     *
     * @return true if the socket was closed
     */
    boolean close(long waitMillis) {
        stop();
        if (!KernelSockets.join(thread, waitMillis)) {
            return false;
        }
        socket.close();
        return true;
    }
}
