package ptlab.kernel.cell;

import java.util.Optional;

/**
 * Ends the cell JVM when the kernel JVM is gone, taking every process the cells started with it.
 *
 * <p>Two signals, whichever comes first: the kernel's connection closes (the agent's command
 * loop returns, see {@link CellAgent#main}), or the kernel process, whose PID is in the system
 * property {@code ptlab.kernel.pid}, is no longer alive or no longer this JVM's parent (checked
 * every 200 ms by a daemon thread; this catches a SIGKILLed kernel while a cell is busy and the
 * command loop is not reading, also while the dead kernel is a zombie).
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
            while (handle.isAlive() && isChildOf(handle)) {
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

    /**
     * A dead kernel that its own parent has not reaped yet is a zombie, and "alive" to
     * {@link ProcessHandle#isAlive()}; but its children are given a new parent the moment it
     * dies, so a parent other than the kernel means the kernel is gone.
     */
    private static boolean isChildOf(ProcessHandle kernel) {
        return ProcessHandle.current().parent().map(p -> p.pid() == kernel.pid()).orElse(false);
    }

    /** Destroys every process below this JVM, then halts it (no shutdown hooks: user code may hang in them). */
    static void endThisJvm() {
        Descendants.destroy(ProcessHandle.current(), 500);
        Runtime.getRuntime().halt(0);
    }
}
