package ptlab.kernel;

import java.util.Optional;

/**
 * Ends the kernel when the Jupyter server that started it is gone: the server sets
 * {@code JPY_PARENT_PID} to its own PID. Checked every {@value #POLL_MILLIS} ms by a daemon
 * thread: that process is no longer alive, or this JVM's parent is no longer that process (a
 * dead server is reparented away from at once, even while it is a zombie). Then the cell JVM and
 * everything below it are ended, and the kernel exits with a non-zero status.
 */
final class ServerWatch {

    static final long POLL_MILLIS = 200;
    /** How long ending the cell JVM may take before the kernel exits anyway. */
    static final long CLOSE_MILLIS = 1500;
    /** The kernel's exit status when its server went away. */
    static final int ORPHANED_STATUS = 3;

    private ServerWatch() {
    }

    /**
     * Starts watching, if {@code JPY_PARENT_PID} names a process that is this JVM's parent (a
     * kernel started some other way is left alone).
     *
     * @param close ends the cell JVMs; run before the kernel exits
     */
    static void start(Runnable close) {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid == null || !pid.trim().matches("\\d+")) {
            return;
        }
        long server = Long.parseLong(pid.trim());
        Optional<ProcessHandle> handle = ProcessHandle.of(server);
        if (handle.isEmpty() || !isParent(server)) {
            return;
        }
        Thread watcher = new Thread(() -> {
            while (handle.get().isAlive() && isParent(server)) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    // nobody interrupts this thread on purpose; keep watching
                }
            }
            Thread closing = new Thread(close, "ptlab-orphaned-close");
            closing.setDaemon(true);
            closing.start();
            try {
                closing.join(CLOSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ORPHANED_STATUS);
        }, "ptlab-server-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static boolean isParent(long pid) {
        return ProcessHandle.current().parent().map(p -> p.pid() == pid).orElse(false);
    }
}
