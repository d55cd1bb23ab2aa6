package ptlab.crash;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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

    /** The exit status when the parent went away: {@value}. */
    public static final int PARENT_GONE = 5;

    private static volatile boolean exiting;

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
        FileChannel stdin = watchParent(parent);
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
        exiting = true;
        try {
            stdin.close(); // wakes the stdin watcher, which would otherwise delay the exit
        } catch (IOException e) {
            // exiting anyway
        }
        System.exit(allEnded ? 0 : 1);
    }

    /** Halts when stdin ends or the parent is gone: two daemon threads, as {@code ptlab.process.Child} does. */
    private static FileChannel watchParent(long parent) {
        FileChannel channel = new FileInputStream(FileDescriptor.in).getChannel();
        Thread stdinWatch = new Thread(() -> {
            try {
                ByteBuffer buffer = ByteBuffer.allocate(64);
                while (channel.read(buffer) != -1) {
                    buffer.clear();
                }
            } catch (IOException e) {
                // closed: same as end of file
            }
            if (!exiting) {
                Runtime.getRuntime().halt(PARENT_GONE);
            }
        }, "ptlab-stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
        if (parent > 0) {
            Thread poll = new Thread(() -> {
                Optional<ProcessHandle> handle = ProcessHandle.of(parent);
                while (true) {
                    long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                    if (!exiting && (handle.isEmpty() || !handle.get().isAlive() || now != parent)) {
                        Runtime.getRuntime().halt(PARENT_GONE);
                    }
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ptlab-parent-watch");
            poll.setDaemon(true);
            poll.start();
        }
        return channel;
    }
}
