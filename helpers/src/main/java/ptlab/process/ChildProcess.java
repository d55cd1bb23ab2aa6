package ptlab.process;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;

import ptlab.internal.Checks;
import ptlab.internal.Tracker;
import ptlab.task.Limits;

/**
 * One child process, started through Apache Commons Exec and watched until it is gone: its stdout and stderr are
 * read as lines on two threads of its own and handed to a {@link Listener}, its stdin is kept open until
 * {@link #closeStdin()} (a child that watches its stdin then sees its parent go away), an {@link ExecuteWatchdog}
 * kills it when it runs past its timeout, and a shared {@link ShutdownHookProcessDestroyer} kills it if this JVM
 * exits first. {@link #destroy()} kills it (and anything it started) at once.
 *
 * <p>Why not the ready-made pieces: a {@code PumpStreamHandler} with a null input stream closes the child's stdin
 * straight away, and one with {@code System.in} would hand the notebook's stdin to the child; neither bounds line
 * length. So the stream handler here is our own. The command is passed as an argument list
 * ({@code CommandLine.addArgument(arg, false)}), never through a shell; note that Commons Exec trims each argument.
 * Output is always read to the end (never left in a full pipe), so a child can never block on writing.
 *
 * <p>Threads (daemon, tracked by {@link Tracker}): Commons Exec's executor thread (waits for the exit), its watchdog
 * thread, and the two readers. After {@link Listener#exited(ChildExit)} they end within moments; {@link #awaitGone(Duration)}
 * waits for that.
 */
public final class ChildProcess {

    /** Receives what a child prints and how it ended; called on the child's own threads. */
    public interface Listener {
        /**
         * One line of output.
         *
         * @param text   the line, without its line end
         * @param stderr true for stderr, false for stdout
         * @param cut    true when the line was longer than the bound and was cut
         */
        void line(String text, boolean stderr, boolean cut);

        /** The child is gone and all its output has been delivered; called once, last. */
        void exited(ChildExit exit);
    }

    private static final ShutdownHookProcessDestroyer AT_EXIT = new ShutdownHookProcessDestroyer();

    private final String label;
    private final Listener listener;
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch gone = new CountDownLatch(1);
    private final AtomicInteger exitCalls = new AtomicInteger();
    private volatile Process process;
    private volatile OutputStream stdin;
    private volatile boolean destroyRequested;
    private volatile ExecuteWatchdog watchdog;

    private ChildProcess(String label, Listener listener) {
        this.label = label;
        this.listener = listener;
    }

    /**
     * Starts a child process. Returns at once; the listener hears from it on the child's threads. If it cannot be
     * started at all, the listener's {@link Listener#exited(ChildExit)} says so (with a {@code failure}).
     *
     * @param label       a short name for thread names and messages (e.g. the task's name): 1 to
     *                    {@value #MAX_LABEL_LENGTH} printable characters
     * @param command     the program and its arguments, passed as they are (no shell): 1 to
     *                    {@value #MAX_COMMAND_WORDS} words without U+0000, the first not empty
     * @param environment the child's whole environment (nothing is inherited): up to
     *                    {@value #MAX_ENVIRONMENT_VARIABLES} variables, names without '='
     * @param timeout     how long it may run before the watchdog kills it: 1 µs to {@link Limits#MAX_CHILD_LIFETIME}
     * @param listener    receives its lines and its end
     */
    public static ChildProcess start(String label, List<String> command, Map<String, String> environment, Duration timeout,
                                     Listener listener) {
        Checks.name(label, "label", MAX_LABEL_LENGTH);
        Checks.notNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("command must not be empty; allowed: a program and its arguments");
        }
        Checks.cap(command.size(), MAX_COMMAND_WORDS, "command", "words (program and arguments)",
                "ChildProcess.MAX_COMMAND_WORDS");
        for (int i = 0; i < command.size(); i++) {
            noNul(Checks.notNull(command.get(i), "command[" + i + "]"), "command[" + i + "]");
        }
        if (command.get(0).isEmpty()) {
            throw new IllegalArgumentException("command[0] must not be empty; allowed: the path or name of a program");
        }
        Checks.notNull(environment, "environment");
        Checks.cap(environment.size(), MAX_ENVIRONMENT_VARIABLES, "environment", "variables", "ChildProcess.MAX_ENVIRONMENT_VARIABLES");
        for (Map.Entry<String, String> v : environment.entrySet()) {
            String name = Checks.notNull(v.getKey(), "environment key");
            if (name.isEmpty() || name.indexOf('=') >= 0) {
                throw new IllegalArgumentException("environment key \"" + name + "\" is not allowed; allowed: a non-empty name without '='");
            }
            noNul(name, "environment key");
            noNul(Checks.notNull(v.getValue(), "environment[" + name + "]"), "environment[" + name + "]");
        }
        Checks.positiveDuration(timeout, Limits.MAX_CHILD_LIFETIME, "timeout");
        Checks.notNull(listener, "listener");
        ChildProcess child = new ChildProcess(label, listener);
        child.launch(command, environment, timeout);
        return child;
    }

    private static void noNul(String value, String param) {
        int at = value.indexOf('\0');
        if (at >= 0) {
            throw new IllegalArgumentException(param + " contains the character U+0000 at index " + at
                    + "; allowed: any characters but U+0000 (the operating system cannot pass it)");
        }
    }

    private void launch(List<String> command, Map<String, String> environment, Duration timeout) {
        CommandLine line = new CommandLine(command.get(0));
        for (String arg : command.subList(1, command.size())) {
            line.addArgument(arg, false);
        }
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "-ptlab-" + label);
            t.setDaemon(true);
            synchronized (threads) {
                threads.add(t);
            }
            return Tracker.track(t);
        };
        DefaultExecutor executor = DefaultExecutor.builder().setThreadFactory(factory).setExecuteStreamHandler(new ChildStreams(label, factory, listener, this::stdinOpened))
                .get();
        ExecuteWatchdog dog = ExecuteWatchdog.builder().setTimeout(timeout).setThreadFactory(factory).get();
        watchdog = dog;
        executor.setWatchdog(dog);
        executor.setProcessDestroyer(new Destroyer());
        executor.setExitValues(null); // every exit status reaches onProcessComplete; we interpret it
        try {
            executor.execute(line, Map.copyOf(environment), new ExecuteResultHandler() {
                @Override
                public void onProcessComplete(int exitValue) {
                    exited(new ChildExit(exitValue, dog.killedProcess(), destroyRequested, ""));
                }

                @Override
                public void onProcessFailed(ExecuteException e) {
                    Process p = process;
                    int code = p != null && !p.isAlive() ? p.exitValue() : e.getExitValue();
                    String why = p == null ? String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) : "";
                    exited(new ChildExit(p == null ? -1 : code, dog.killedProcess(), destroyRequested, why));
                }
            });
        } catch (IOException | RuntimeException e) {
            exited(new ChildExit(-1, false, destroyRequested, String.valueOf(e.getMessage())));
        }
    }

    /** Keeps the child's stdin open for {@link #stdin()}; closes it at once if the child is already being destroyed. */
    private void stdinOpened(OutputStream os) {
        stdin = os;
        if (destroyRequested) {
            closeStdin();
        }
    }

    private void exited(ChildExit exit) {
        if (exitCalls.getAndIncrement() == 0) {
            try {
                listener.exited(exit);
            } finally {
                gone.countDown();
            }
        }
    }

    /**
     * What {@link #run} collected from a child that has ended.
     *
     * @param pid          the child's process ID, or -1 when it never started
     * @param exit         how it ended
     * @param stdout       its stdout lines, at most {@code maxLines}
     * @param stderr       its stderr lines, at most {@code maxLines}
     * @param droppedLines lines over {@code maxLines} that were read and dropped (the child never blocks)
     */
    public record Result(long pid, ChildExit exit, List<String> stdout, List<String> stderr, long droppedLines) {

        /** Copies the lists. */
        public Result {
            Checks.notNull(exit, "exit");
            stdout = List.copyOf(stdout);
            stderr = List.copyOf(stderr);
        }
    }

    /**
     * Starts a child, waits until it is gone and returns what it printed. If the calling thread is interrupted, the
     * child is killed, this waits (at most 2 s) until it is gone and throws {@link InterruptedException}; a child
     * that runs past {@code timeout} is killed by its watchdog and the result says so.
     *
     * @param label       a short name for thread names and messages
     * @param command     the program and its arguments, passed as they are (no shell)
     * @param environment the child's whole environment (nothing is inherited)
     * @param timeout     how long it may run before the watchdog kills it
     * @param maxLines    how many lines of each stream to keep, 0 to {@value #MAX_KEPT_LINES}
     */
    public static Result run(String label, List<String> command, Map<String, String> environment, Duration timeout,
                             int maxLines) throws InterruptedException {
        Checks.range(maxLines, 0, MAX_KEPT_LINES, "maxLines", "lines kept per stream");
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        long[] dropped = {0};
        ChildExit[] end = new ChildExit[1];
        ChildProcess child = start(label, command, environment, timeout, new Listener() {
            @Override
            public synchronized void line(String text, boolean stderr, boolean cut) {
                List<String> into = stderr ? err : out;
                if (into.size() < maxLines) {
                    into.add(cut ? text + " ...(cut)" : text);
                } else {
                    dropped[0]++;
                }
            }

            @Override
            public synchronized void exited(ChildExit exit) {
                end[0] = exit;
            }
        });
        try {
            child.gone.await();
            child.awaitGone(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            child.destroy();
            child.awaitGone(Duration.ofSeconds(2));
            throw e;
        } finally {
            child.closeStdin();
        }
        synchronized (child.listener) {
            return new Result(child.pid(), end[0], out, err, dropped[0]);
        }
    }

    /** The longest label of a child ({@link #start}), in characters: 80. */
    public static final int MAX_LABEL_LENGTH = 80;

    /** The most words of one command line, the program included ({@link #start}): 256. */
    public static final int MAX_COMMAND_WORDS = 256;

    /** The most variables of a child's environment ({@link #start}): 256. */
    public static final int MAX_ENVIRONMENT_VARIABLES = 256;

    /** The most lines {@link #run} keeps of each stream: 100,000. */
    public static final int MAX_KEPT_LINES = 100_000;

    /** The child's process ID, or -1 while it is not known yet. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** True when the child is gone and the listener has been told. */
    public boolean isDone() {
        return gone.getCount() == 0;
    }

    /**
     * The child's stdin, for writing to it: null until the child has started. Close it with
     * {@link #closeStdin()}.
     */
    public OutputStream stdin() {
        return stdin;
    }

    /** Closes the child's stdin (it then reads end of file). */
    public void closeStdin() {
        OutputStream in = stdin;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // already closed or the child is gone: nothing to do
            }
        }
    }

    /**
     * Kills the child and everything it started at once (SIGKILL on Unix). Safe to call at any time, more than once,
     * even before the child has fully started (it is then killed as soon as it has).
     */
    public void destroy() {
        // Still launching (no process yet): the request is recorded and Destroyer.add kills the process the
        // moment it exists. Both sides write their field before reading the other's (both volatile), so at least
        // one of them sees the other and kills. The executor's thread is never interrupted: an interrupted
        // waitFor would report no exit status and leave the killed process unreaped.
        destroyRequested = true;
        Process p = process;
        if (p != null) {
            kill(p);
        }
        closeStdin();
    }

    private static void kill(Process p) {
        try {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (RuntimeException e) {
            // the process table may be unreadable; the process itself is still killed below
        }
        p.destroyForcibly();
    }

    /**
     * Waits until the child is gone, the listener has been told and this child's threads have ended.
     *
     * @return true when all of that happened within {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitGone(Duration timeout) throws InterruptedException {
        Checks.notNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!gone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        List<Thread> copy;
        synchronized (threads) {
            copy = new ArrayList<>(threads);
        }
        for (Thread t : copy) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return !anyAlive(copy);
            }
            t.join(Duration.ofNanos(left));
        }
        Process p = process;
        return !anyAlive(copy) && (p == null || p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    }

    /**
     * Lets the child end by itself: closes its stdin (the helper's children exit at end of file), waits up to
     * {@code grace} for it to be gone, and kills it if it is not, then waits as long again.
     *
     * @throws InterruptedException if interrupted while waiting; the child is killed first
     */
    public void finish(Duration grace) throws InterruptedException {
        Checks.notNull(grace, "grace");
        closeStdin();
        try {
            if (!awaitGone(grace)) {
                destroy();
                awaitGone(grace);
            }
        } catch (InterruptedException e) {
            destroy();
            throw e;
        }
    }

    private static boolean anyAlive(List<Thread> threads) {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** Registers the process with the shared exit-time destroyer and remembers it for {@link #destroy()}. */
    private final class Destroyer implements ProcessDestroyer {
        @Override
        public boolean add(Process p) {
            process = p;
            Tracker.track(p.toHandle());
            boolean added = AT_EXIT.add(p);
            if (destroyRequested) {
                kill(p);
            }
            return added;
        }

        @Override
        public boolean remove(Process p) {
            return AT_EXIT.remove(p);
        }

        @Override
        public int size() {
            return AT_EXIT.size();
        }
    }
}
