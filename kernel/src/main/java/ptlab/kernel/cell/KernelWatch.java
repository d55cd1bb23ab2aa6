package ptlab.kernel.cell;

import java.util.Optional;

/**
 * Ends the cell JVM when the kernel JVM is gone, taking every process the cells started with it.
 *
 * <p>Two signals, whichever comes first: the kernel's connection closes (the agent's command
 * loop returns, see {@link CellAgent#main}), or the kernel process, whose PID is in the system
 * property {@code ptlab.kernel.pid}, is no longer alive (checked every 200 ms by a daemon thread;
 * this catches a SIGKILLed kernel while a cell is busy and the command loop is not reading).
 */
final class KernelWatch {

    private static final long POLL_MILLIS = 200;

    private KernelWatch() {
    }

    /** Starts the watching thread if the kernel told us its PID. */
    static void start() {
        String pid = System.getProperty("ptlab.kernel.pid");
        if (pid == null || pid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> kernel = ProcessHandle.of(Long.parseLong(pid.trim()));
        if (kernel.isEmpty()) {
            endThisJvm();
        }
        ProcessHandle handle = kernel.get(); // isAlive() also guards against PID reuse (start time)
        Thread watcher = new Thread(() -> {
            while (handle.isAlive()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    // nobody interrupts this thread on purpose; keep watching
                }
            }
            endThisJvm();
        }, "ptlab-kernel-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Destroys every process below this JVM, then halts it (no shutdown hooks: user code may hang in them). */
    static void endThisJvm() {
        Descendants.destroy(ProcessHandle.current(), 500);
        Runtime.getRuntime().halt(0);
    }
}
