package ptlab.task;

import java.time.Duration;

/**
 * The caps on what one helper call may start or take. They are chosen so that the worst call a notebook can
 * make still leaves a shared Binder pod with one CPU and 2 GB of memory usable for everyone on it; asking for
 * more fails at once with an {@link IllegalArgumentException} that names the parameter, the value and the cap.
 *
 * <p>The memory budget behind them: the Jupyter server, the kernel JVM and the cell JVM take roughly 0.6 GB
 * together; a child JVM started by {@link ptlab.Runner#processes()} takes about 40 MB resident with the helper's
 * flags (64 MB heap cap); a parked platform thread about 100 KB resident (its 1 MB stack is reserved, not
 * touched); a sleeping virtual thread about 1 KB. The time budget: every run ends, by itself, within
 * {@link #MAX_RUN_TIME}, which is also the default bound of a run.
 */
public final class Limits {

    /** Tasks in one run, for any runner: 10,000 (thousands of sleeping virtual threads are a lesson). */
    public static final int MAX_TASKS = 10_000;

    /**
     * Platform threads one run may start ({@link ptlab.Runner#threads()} tasks, {@link ptlab.Runner#pool(int)} size): 64.
     * Far more than the cores of any lecture machine, small enough to be harmless (about 6 MB resident).
     */
    public static final int MAX_PLATFORM_THREADS = 64;

    /** Virtual threads one run may start ({@link ptlab.Runner#virtualThreads()} tasks): 10,000, about 10 MB. */
    public static final int MAX_VIRTUAL_THREADS = 10_000;

    /**
     * Child JVMs one run may start ({@link ptlab.Runner#processes()} tasks): 8. About 320 MB resident at most, and on
     * one CPU their start-up alone takes a couple of seconds, which is as long as a demo should wait.
     */
    public static final int MAX_PROCESSES = 8;

    /**
     * What a child JVM takes besides its heap, in MB, as {@link #MAX_CHILD_MEMORY_MB} counts it: 64. A child with
     * the helper's flags and an idle heap was measured at about 40 MB resident; the rest is room for the class
     * metadata and compiled code of its task.
     */
    public static final int CHILD_JVM_NON_HEAP_MB = 64;

    /**
     * The memory budget of the child JVMs of one {@link ptlab.Runner#processes()} run, in MB: 1024. Each child counts its
     * heap cap (64 MB, or what {@link ptlab.Runner#jvmOptions(String...)} set with {@code -Xmx}, {@code -Xms} ...) plus
     * {@link #CHILD_JVM_NON_HEAP_MB}, so {@link #MAX_PROCESSES} children with the standard heap fill it exactly.
     * With the 0.6 GB of server, kernel and cell JVM this leaves some 400 MB of a 2 GB pod for the cell JVM's
     * own heap to grow. A run over the budget is refused before anything starts.
     */
    public static final int MAX_CHILD_MEMORY_MB = 1024;

    /** The longest I/O task ({@link Task#io(String, Duration)}) and the longest calibrated CPU task: 30 s. */
    public static final Duration MAX_TASK_DURATION = Duration.ofSeconds(30);

    /**
     * The largest CPU task ({@link Task#cpu(String, long)}): counting the primes below 200,000,000, which takes
     * over a minute on one core of a recent laptop, so that a calibrated task of {@link #MAX_TASK_DURATION} fits
     * on a fast machine; a run's time bound stops a task that takes longer.
     */
    public static final long MAX_CPU_SIZE = 200_000_000L;

    /**
     * The time bound of one run, and its default: 60 s. A run stops what is still going at its bound, reports
     * those tasks as timed out and returns; {@link ptlab.Runner#timeout(Duration)} sets a shorter bound.
     */
    public static final Duration MAX_RUN_TIME = Duration.ofSeconds(60);

    /**
     * The longest any child process the helper starts may live, whatever started it
     * ({@link ptlab.process.ChildProcess#start}): 65 s, a run's {@link #MAX_RUN_TIME} plus a margin for the
     * watchdog that kills a child at its run's bound. Every child has such a watchdog.
     */
    public static final Duration MAX_CHILD_LIFETIME = MAX_RUN_TIME.plusSeconds(5);

    /** The longest task name, in characters: 64 (it becomes part of thread names and table rows). */
    public static final int MAX_NAME_LENGTH = 64;

    /**
     * Tasks that get their own live lines and table rows: the first 20 (by start). The rest are summed up in one
     * line, so that 10,000 virtual threads do not print 20,000 lines into a cell.
     */
    public static final int MAX_LISTED_TASKS = 20;

    /**
     * Lines of ordinary output (stdout and stderr together) shown per child process: 100. A child that prints
     * more is drained to the end (it never blocks on a full pipe) and the report says how many lines were not
     * shown.
     */
    public static final int MAX_CHILD_OUTPUT_LINES = 100;

    /** The longest line read from a child, in bytes: 8 KiB; longer lines are cut and marked as cut. */
    public static final int MAX_LINE_BYTES = 8 * 1024;

    /** Extra JVM options for child JVMs ({@link ptlab.Runner#jvmOptions(String...)}): at most 32. */
    public static final int MAX_JVM_OPTIONS = 32;

    private Limits() {
    }
}
