package ptlab;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ptlab.child.ChildEngine;
import ptlab.child.TaskChildIo;
import ptlab.internal.Checks;
import ptlab.internal.Text;
import ptlab.process.JavaCommand;
import ptlab.run.Engine;
import ptlab.run.RunLoop;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.RunInterruptedException;
import ptlab.task.Task;

/**
 * How tasks are run: one after the other in the calling thread, each on a thread of its own, on a pool of threads,
 * or each in a child process of its own. Immutable: the option methods return a new runner.
 *
 * <pre>{@code
 * Report r = Runner.threads().run(Task.io("A", 1), Task.io("B", 1), Task.io("C", 1));
 * }</pre>
 *
 * <h2>What a run prints</h2>
 * From the calling thread (so that it reaches the notebook cell in any kernel), as things happen:
 * <pre>
 * === threads: 3 tasks ===
 * Task A starting  pid=4121  thread=worker-A
 * Task B starting  pid=4121  thread=worker-B
 * Task A done  1.001 s  pid=4121  thread=worker-A
 * </pre>
 * A task that does not end well says so instead of {@code done} ({@code failed}, {@code timed out},
 * {@code interrupted}) and adds what happened after two spaces. A child's ordinary output shows as
 * {@code [A] text} or {@code [A stderr] text}; a problem (a malformed line from a child, lines not shown) as
 * {@code Task A: text}. Then the {@link Report} summary (an HTML table in a notebook). Only the first
 * {@value Limits#MAX_LISTED_TASKS} tasks to start get "starting" and "done" lines.
 *
 * <h2>Bounds and failures</h2>
 * Every run ends within its time bound ({@link #timeout(Duration)}, at most and by default
 * {@link Limits#MAX_RUN_TIME}): tasks still going then are stopped and reported as timed out, and the run returns.
 * A task that fails (its child process crashes, exits early, is killed by its watchdog, prints malformed lines or
 * floods its output) is reported as such and the run still finishes. Arguments are checked before anything starts
 * (see {@link Limits} for the caps).
 *
 * <h2>Interrupts</h2>
 * When the calling thread is interrupted, {@code run} stops its threads, kills its child processes, waits (at most
 * about 2 s) until they are gone, prints one line saying what it stopped and throws a
 * {@link RunInterruptedException} (holding the partial report). It does this within a few milliseconds for every
 * task kind. If the calling thread is stopped by an asynchronous exception instead, the run's {@code finally}
 * blocks still stop and kill what it started.
 */
public final class Runner {

    /** The ways of running. */
    enum Mode {
        SEQUENTIAL, THREADS, VIRTUAL_THREADS, POOL, PROCESSES
    }

    private final Mode mode;
    private final int poolSize;
    private final Duration timeout;
    private final boolean quiet;
    private final PrintStream output;
    private final List<String> jvmOptions;
    private final int activeProcessors;
    private final String fault;

    private Runner(Mode mode, int poolSize, Duration timeout, boolean quiet, PrintStream output, List<String> jvmOptions,
                   int activeProcessors, String fault) {
        this.mode = mode;
        this.poolSize = poolSize;
        this.timeout = timeout;
        this.quiet = quiet;
        this.output = output;
        this.jvmOptions = jvmOptions;
        this.activeProcessors = activeProcessors;
        this.fault = fault;
    }

    private static Runner of(Mode mode, int poolSize) {
        return new Runner(mode, poolSize, Limits.MAX_RUN_TIME, false, null, List.of(), 0, "");
    }

    /** Runs the tasks one after the other in the calling thread (like calling them in a row). */
    public static Runner sequential() {
        return of(Mode.SEQUENTIAL, 0);
    }

    /**
     * Runs each task on a new platform thread of its own, named {@code worker-<task name>}, all started at once
     * (at most {@value Limits#MAX_PLATFORM_THREADS} tasks).
     */
    public static Runner threads() {
        return of(Mode.THREADS, 0);
    }

    /**
     * Runs each task on a new virtual thread of its own, named {@code virtual-<task name>}, all started at once
     * (at most {@value Limits#MAX_VIRTUAL_THREADS} tasks). Their CPU time is not measured by the JVM: it shows as
     * {@code -}.
     */
    public static Runner virtualThreads() {
        return of(Mode.VIRTUAL_THREADS, 0);
    }

    /**
     * Runs the tasks on a fixed pool of {@code threads} platform threads named {@code pool-worker-1} ... : tasks
     * wait in a queue until a worker is free, so their {@link Event#startDelay()} shows the wait.
     *
     * @param threads 1 to {@value Limits#MAX_PLATFORM_THREADS}
     */
    public static Runner pool(int threads) {
        Checks.range(threads, 1, Limits.MAX_PLATFORM_THREADS, "threads", "(Limits.MAX_PLATFORM_THREADS)");
        return of(Mode.POOL, threads);
    }

    /**
     * Runs each task in a child JVM of its own (see {@link #childCommand(Task)}), all started at once (at most
     * {@value Limits#MAX_PROCESSES} tasks). The task goes to the child as data on its command line and comes back
     * as a line on its stdout; processes share no memory.
     *
     * <p>Each child is this JVM's own {@code java} with the helper classes as class path, a minimal environment
     * ({@code PATH}, {@code LANG=C.UTF-8}) and these flags: {@code -Xmx64m -XX:+UseSerialGC}, class data
     * sharing (the child archive {@code make kernel} builds next to the helper jar, else {@code -Xshare:auto}; none
     * of it when {@link #jvmOptions} choose class sharing themselves), {@code -XX:-UsePerfData} plus UTF-8 for
     * {@code stdout}/{@code stderr}; for I/O tasks also {@code -XX:TieredStopAtLevel=1} (quick start, the task needs no optimised code), while CPU tasks keep the full
     * JIT so that they run as fast as on threads and comparisons are fair. It is started through Apache Commons Exec
     * with a watchdog (the run's time bound plus half a second), registered for destruction at JVM exit, and
     * exits by itself when this JVM is gone.
     */
    public static Runner processes() {
        return of(Mode.PROCESSES, 0);
    }

    /**
     * This runner with another time bound for its runs.
     *
     * @param timeout 1 ms to {@link Limits#MAX_RUN_TIME}
     */
    public Runner timeout(Duration timeout) {
        Checks.millisDuration(timeout, Limits.MAX_RUN_TIME, "timeout");
        return new Runner(mode, poolSize, timeout, quiet, output, jvmOptions, activeProcessors, fault);
    }

    /** This runner without any printing: no live lines, no summary (the report is still returned). */
    public Runner quiet() {
        return new Runner(mode, poolSize, timeout, true, output, jvmOptions, activeProcessors, fault);
    }

    /**
     * This runner printing its live lines and summary (as text) to {@code out} instead of {@link System#out}.
     *
     * @param out where to print, not null
     */
    public Runner output(PrintStream out) {
        Checks.notNull(out, "out");
        return new Runner(mode, poolSize, timeout, false, out, jvmOptions, activeProcessors, fault);
    }

    /**
     * This {@link #processes()} runner with extra flags for its child JVMs, after the standard ones, e.g.
     * {@code "-Xint"} or {@code "-Xlog:gc"}. Each must start with {@code -}; class path and main class are set by the
     * runner. Heap options count against the memory budget of a run: {@link #run} refuses child JVMs whose heap caps
     * (and what each takes besides) add up to more than {@link Limits#MAX_CHILD_MEMORY_MB}.
     *
     * @param options up to {@value Limits#MAX_JVM_OPTIONS} options
     */
    public Runner jvmOptions(String... options) {
        requireProcesses("jvmOptions");
        Checks.noNulls(options, "options");
        Checks.cap(options.length, Limits.MAX_JVM_OPTIONS, "options", "JVM options", "Limits.MAX_JVM_OPTIONS");
        Set<String> forbidden = Set.of("-cp", "-classpath", "--class-path", "-jar", "--module-path", "-p", "-m", "--module");
        for (int i = 0; i < options.length; i++) {
            String o = options[i];
            Checks.name(o, "options[" + i + "]", 1000);
            if (!o.startsWith("-") || o.strip().length() != o.length() || forbidden.contains(o)) {
                throw new IllegalArgumentException("options[" + i + "] = \"" + o + "\" is not allowed; allowed: JVM flags "
                        + "starting with '-', without surrounding spaces, other than class path, module path and -jar");
            }
        }
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(Arrays.asList(options));
        Checks.cap(all.size(), Limits.MAX_JVM_OPTIONS, "options", "JVM options in all", "Limits.MAX_JVM_OPTIONS");
        return new Runner(mode, poolSize, timeout, quiet, output, List.copyOf(all), activeProcessors, fault);
    }

    /**
     * This {@link #processes()} runner telling its child JVMs that they have {@code n} CPUs
     * ({@code -XX:ActiveProcessorCount=n}). This changes what the child JVM believes (its thread pools and
     * {@code availableProcessors()}), not which cores the operating system lets it use.
     *
     * @param n 1 to 1024
     */
    public Runner activeProcessors(int n) {
        requireProcesses("activeProcessors");
        Checks.range(n, 1, 1024, "n", "CPUs");
        return new Runner(mode, poolSize, timeout, quiet, output, jvmOptions, n, fault);
    }

    /** Test hook: makes child JVMs misbehave (see the child JVM's main class in {@code ptlab.process}). */
    Runner fault(String f) {
        requireProcesses("fault");
        return new Runner(mode, poolSize, timeout, quiet, output, jvmOptions, activeProcessors, Checks.notNull(f, "f"));
    }

    private void requireProcesses(String option) {
        if (mode != Mode.PROCESSES) {
            throw new IllegalStateException(option + "(...) applies to Runner.processes() only; this runner is " + name());
        }
    }

    /** The runner's name: {@code sequential}, {@code threads}, {@code virtual threads}, {@code pool of 2}, {@code processes}. */
    public String name() {
        return switch (mode) {
            case SEQUENTIAL -> "sequential";
            case THREADS -> "threads";
            case VIRTUAL_THREADS -> "virtual threads";
            case POOL -> "pool of " + poolSize;
            case PROCESSES -> "processes";
        };
    }

    /** The time bound of this runner's runs. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs the tasks; see the class description for what it prints.
     *
     * @param tasks one or more tasks with distinct names
     * @return the report of the run (also printed, unless {@link #quiet()})
     * @throws RunInterruptedException if the calling thread is interrupted; everything the run started is gone
     */
    public Report run(Task... tasks) throws RunInterruptedException {
        Checks.notNull(tasks, "tasks");
        return run(Arrays.asList(tasks));
    }

    /**
     * Runs the tasks; see {@link #run(Task...)}.
     *
     * @param tasks one or more tasks with distinct names
     * @return the report of the run
     * @throws RunInterruptedException if the calling thread is interrupted; everything the run started is gone
     */
    public Report run(List<Task> tasks) throws RunInterruptedException {
        List<Task> checked = RunLoop.check(tasks, cap(), what(), constant(), atOnce(), timeout, name());
        if (mode == Mode.PROCESSES) {
            checkMemory(checked.size());
        }
        Engine engine = mode == Mode.PROCESSES
                ? ChildEngine.perTask("child JVM", (list, submitted, deadline) -> childCommand(list.get(0), submitted, deadline))
                : new ThreadEngine(mode, poolSize);
        return RunLoop.run(name(), checked, timeout, quiet, output, engine);
    }

    /**
     * The command line of the child JVM a {@link #processes()} runner starts for {@code task}, as if a run started
     * now: the JVM, its flags (see {@link #processes()}), the class path, the child's main class and its arguments.
     * For seeing what runs, and for measuring a child JVM's start by hand.
     *
     * @param task the task, not null
     * @throws IllegalStateException on a runner other than {@link #processes()}
     */
    public List<String> childCommand(Task task) {
        requireProcesses("childCommand");
        Checks.notNull(task, "task");
        long now = System.currentTimeMillis() * 1_000L;
        return childCommand(task, now, now + timeout.toNanos() / 1_000L);
    }

    private List<String> childCommand(Task task, long submittedMicros, long deadlineMicros) {
        return TaskChildIo.command(task, jvmOptions, activeProcessors, fault, submittedMicros, deadlineMicros);
    }

    /** Refuses child JVMs whose heaps together take more than {@link Limits#MAX_CHILD_MEMORY_MB}. */
    private void checkMemory(int children) {
        long heap = JavaCommand.heapMb(jvmOptions);
        long each = heap + Limits.CHILD_JVM_NON_HEAP_MB;
        long budget = Limits.MAX_CHILD_MEMORY_MB;
        if (each > budget / children) {
            long heapAllowed = budget / children - Limits.CHILD_JVM_NON_HEAP_MB;
            long childrenAllowed = budget / each;
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "jvmOptions: %s with a heap of up to %d MB each count %d MB (heap plus %d MB each, "
                            + "Limits.CHILD_JVM_NON_HEAP_MB), over the memory budget of %d MB for the child JVMs of one "
                            + "run (Limits.MAX_CHILD_MEMORY_MB); allowed: a heap of at most %d MB each for %s%s",
                    count(children, "child JVM"), heap, children * each, Limits.CHILD_JVM_NON_HEAP_MB, budget,
                    heapAllowed, count(children, "task"),
                    childrenAllowed == 0 ? "" : ", or at most " + count(childrenAllowed, "task") + " with this heap"));
        }
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private int cap() {
        return switch (mode) {
            case THREADS -> Limits.MAX_PLATFORM_THREADS;
            case VIRTUAL_THREADS -> Limits.MAX_VIRTUAL_THREADS;
            case PROCESSES -> Limits.MAX_PROCESSES;
            default -> Limits.MAX_TASKS;
        };
    }

    private String what() {
        return switch (mode) {
            case THREADS -> "tasks for threads() (one platform thread each)";
            case VIRTUAL_THREADS -> "tasks for virtualThreads() (one virtual thread each)";
            case PROCESSES -> "tasks for processes() (one child JVM each)";
            default -> "tasks per run";
        };
    }

    private String constant() {
        return switch (mode) {
            case THREADS -> "Limits.MAX_PLATFORM_THREADS";
            case VIRTUAL_THREADS -> "Limits.MAX_VIRTUAL_THREADS";
            case PROCESSES -> "Limits.MAX_PROCESSES";
            default -> "Limits.MAX_TASKS";
        };
    }

    private int atOnce() {
        return switch (mode) {
            case SEQUENTIAL -> 1;
            case POOL -> poolSize;
            default -> Integer.MAX_VALUE;
        };
    }

    /** E.g. {@code Runner[threads, time bound 60 s]}. */
    @Override
    public String toString() {
        return "Runner[" + name() + ", time bound " + Text.duration(timeout) + "]";
    }
}
