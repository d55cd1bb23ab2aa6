package ptlab.crash;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import ptlab.process.ParentWatch;

/**
 * The main class of the crash program's child JVM, started by {@link Crash#inChild(Failure)}:
 * <pre>
 * java [flags] -cp ptlab-helpers.jar ptlab.crash.CrashChild --parent PID --failure EXCEPTION|HALT|OUT_OF_MEMORY|OUT_OF_MEMORY_EXIT
 * </pre>
 * It prints its PID, runs the three tickers and the failing worker, and when they have all ended prints a last
 * line and exits with status 0, unless the failure ended it first ({@link Failure#HALT_STATUS},
 * {@link Failure#OUT_OF_MEMORY_EXIT_STATUS}). Like every child the helper starts, it watches its parent: it halts
 * with status {@value #PARENT_GONE} within a quarter of a second when the parent process is gone, and at once
 * when its stdin reaches end of file (the parent keeps it open while it waits). Bad arguments: status 2.
 */
public final class CrashChild {

    /** The exit status when the parent went away: {@value} (3 is the out-of-memory exit's, {@link Failure#OUT_OF_MEMORY_EXIT_STATUS}). */
    public static final int PARENT_GONE = 5;

    private CrashChild() {
    }

    /**
     * Runs the crash program.
     *
     * @param args {@code --parent PID --failure NAME}
     */
    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(out);
        long parent = -1;
        Failure failure = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--parent" -> parent = Long.parseLong(args[++i]);
                    case "--failure" -> failure = Failure.valueOf(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (failure == null) {
                throw new IllegalArgumentException("--failure is missing");
            }
        } catch (RuntimeException e) {
            System.err.println("ptlab crash child: bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        ParentWatch.start(parent, true, PARENT_GONE);
        Scenario program = new Scenario(failure, line -> {
            synchronized (out) {
                out.print(line);
                out.print('\n');
                out.flush();
            }
        }, null);
        ProcessHandle me = ProcessHandle.current();
        program.say("main", "pid " + me.pid() + ", parent pid " + me.parent().map(ProcessHandle::pid).orElse(-1L) + "; starts "
                + String.join(", ", program.names()) + " (the worker " + failure.how() + ")");
        program.start();
        boolean allEnded = program.join(System.nanoTime() + 10_000_000_000L);
        program.say("main", allEnded ? "every other thread has ended; exits with status 0"
                : "threads still running after 10 s; exits with status 1");
        ParentWatch.exit(allEnded ? 0 : 1);
    }
}
