package ptlab.python;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import ptlab.internal.Checks;
import ptlab.internal.Text;
import ptlab.run.RunLoop;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * How a {@link Python} runs ptlab's tasks: on CPython threads in one process ({@link Python#threads()}) or in CPython
 * processes, one per task ({@link Python#processes()}). CPU tasks count primes by trial division (the same steps as
 * the Java helper); I/O tasks sleep ({@code time.sleep}, which lets go of the GIL while it waits). Immutable: the
 * option methods return a new runner.
 *
 * <pre>{@code
 * Report r = Python.require().threads().run(Task.cpu("A", 200_000), Task.cpu("B", 200_000));
 * }</pre>
 *
 * <p>What a run prints and returns is what {@code ptlab.Runner} prints and returns: live lines from the calling thread,
 * then the {@link Report} (an HTML table in a notebook). Every event carries the PID of the Python process that ran
 * the task, the Python thread's name ({@code worker-A} on threads, {@code MainThread} in processes), start and end on
 * the machine's epoch clock, and the CPU time of the task's own thread ({@code time.thread_time_ns}).
 *
 * <p>Bounds: at most {@value #MAX_THREAD_TASKS} tasks on threads and {@value #MAX_PROCESS_TASKS} in processes; every
 * run ends within its time bound ({@link #timeout(Duration)}, default and at most {@link Limits#MAX_RUN_TIME}): the
 * script stops its tasks at the bound as timed out and a watchdog kills it shortly after. An interrupt of the calling
 * thread kills the interpreter and its worker processes and throws {@link InterruptedException}.
 */
public final class PythonRunner {

    /** The most tasks on CPython threads in one run: {@value} (as {@link Limits#MAX_PLATFORM_THREADS}). */
    public static final int MAX_THREAD_TASKS = Limits.MAX_PLATFORM_THREADS;

    /** The most tasks in CPython processes in one run (one process each): {@value} (as {@link Limits#MAX_PROCESSES}). */
    public static final int MAX_PROCESS_TASKS = Limits.MAX_PROCESSES;

    /** The ways of running. */
    enum Mode {
        THREADS, PROCESSES
    }

    private final Python python;
    private final Mode mode;
    private final Duration timeout;
    private final boolean quiet;
    private final PrintStream output;

    PythonRunner(Python python, Mode mode) {
        this(python, mode, Limits.MAX_RUN_TIME, false, null);
    }

    private PythonRunner(Python python, Mode mode, Duration timeout, boolean quiet, PrintStream output) {
        this.python = python;
        this.mode = mode;
        this.timeout = timeout;
        this.quiet = quiet;
        this.output = output;
    }

    /**
     * This runner with another time bound for its runs.
     *
     * @param timeout 1 ms to {@link Limits#MAX_RUN_TIME}
     */
    public PythonRunner timeout(Duration timeout) {
        Checks.millisDuration(timeout, Limits.MAX_RUN_TIME, "timeout");
        return new PythonRunner(python, mode, timeout, quiet, output);
    }

    /** This runner without any printing (the report is still returned). */
    public PythonRunner quiet() {
        return new PythonRunner(python, mode, timeout, true, output);
    }

    /**
     * This runner printing its live lines and summary (as text) to {@code out} instead of {@link System#out}.
     *
     * @param out where to print, not null
     */
    public PythonRunner output(PrintStream out) {
        Checks.notNull(out, "out");
        return new PythonRunner(python, mode, timeout, false, out);
    }

    /** The runner's name: {@code CPython threads} or {@code CPython processes}. */
    public String name() {
        return mode == Mode.THREADS ? "CPython threads" : "CPython processes";
    }

    /** The time bound of this runner's runs. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs the tasks, all started at once; see the class description.
     *
     * @param tasks 1 to {@value #MAX_THREAD_TASKS} (threads) or {@value #MAX_PROCESS_TASKS} (processes) tasks with
     *              distinct names
     * @throws InterruptedException when the calling thread is interrupted; the interpreter and its workers are gone
     */
    public Report run(Task... tasks) throws InterruptedException {
        Checks.notNull(tasks, "tasks");
        return run(Arrays.asList(tasks));
    }

    /**
     * Runs the tasks; see {@link #run(Task...)}.
     *
     * @param tasks the tasks
     * @throws InterruptedException when the calling thread is interrupted; the interpreter and its workers are gone
     */
    public Report run(List<Task> tasks) throws InterruptedException {
        List<Task> list = mode == Mode.THREADS
                ? RunLoop.check(tasks, MAX_THREAD_TASKS, "tasks for CPython threads", "PythonRunner.MAX_THREAD_TASKS",
                        Integer.MAX_VALUE, timeout, name())
                : RunLoop.check(tasks, MAX_PROCESS_TASKS, "tasks for CPython processes (one each)",
                        "PythonRunner.MAX_PROCESS_TASKS", Integer.MAX_VALUE, timeout, name());
        return python.run(name(), mode == Mode.THREADS ? "threads" : "processes", list, timeout, quiet, output);
    }

    /** E.g. {@code PythonRunner[CPython threads, /usr/bin/python3, time bound 60 s]}. */
    @Override
    public String toString() {
        return "PythonRunner[" + name() + ", " + python.program() + ", time bound " + Text.duration(timeout) + "]";
    }
}
