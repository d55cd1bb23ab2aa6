package ptlab.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import ptlab.Runner;
import ptlab.cli.Demo.Seconds;
import ptlab.cli.Demo.Settings;
import ptlab.cli.Demo.Tasks;
import ptlab.deadlock.Deadlock;
import ptlab.display.Table;
import ptlab.internal.Text;
import ptlab.python.Python;
import ptlab.python.PythonRunner;
import ptlab.race.Race;
import ptlab.task.Limits;
import ptlab.task.Machine;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * The demos of the command line, by name, in the order {@code --help} lists them: {@code simple} (the seeds'
 * tasks A, B, C one after another, on threads and in processes), {@code cpu} (CPU-bound tasks one after another
 * and on threads), {@code io} (waiting tasks one after another, on threads, on virtual threads and on a pool
 * of two), {@code gil} (the same prime counting on CPython threads, in CPython processes and on Java threads),
 * {@code race} ({@link Race#demo(java.io.PrintStream, int)}: lost updates and their fixes) and {@code deadlock}
 * ({@link Deadlock#demo(java.io.PrintStream)}: a lock cycle detected and broken, then two fixes). Each demo is a
 * {@link Demo} value: its settings and its steps. Adding a demo is one more entry here.
 */
public final class Demos {

    private static final String FITS_RUN_TIME =
            "the tasks one after another must fit Limits.MAX_RUN_TIME, each at most Limits.MAX_TASK_DURATION";

    private static final Map<String, Demo> ALL;

    static {
        Map<String, Demo> m = new LinkedHashMap<>();
        m.put("simple", simple());
        m.put("cpu", cpu());
        m.put("io", io());
        m.put("gil", gil(Python::find));
        m.put("race", race());
        m.put("deadlock", deadlock());
        ALL = Collections.unmodifiableMap(m);
    }

    private Demos() {
    }

    /** Every demo, by name. */
    public static Map<String, Demo> all() {
        return ALL;
    }

    /** Task names A, B, C, ... (then A2, B2, ... past Z). */
    static String name(int i) {
        char c = (char) ('A' + i % 26);
        return i < 26 ? String.valueOf(c) : c + Integer.toString(i / 26 + 1);
    }

    static void machine(Settings s) {
        Machine m = Machine.current();
        s.out().println(m.describe());
        s.out().println(m.cpuNote());
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** Seconds per task such that {@code tasks} of them one after another fit a time, capped by a task's longest. */
    static double sequentialMax(int tasks, Duration fit) {
        return Math.min(seconds(Limits.MAX_TASK_DURATION), Math.floor(seconds(fit) / tasks * 1000) / 1000);
    }

    /** The seeds' demo: I/O tasks A, B, C one after another, on threads, and in child processes. */
    static Demo simple() {
        return new Demo("tasks A, B, C (waiting) one after another, on threads, and in processes",
                Tasks.upTo(3, Limits.MAX_PROCESSES, "Limits.MAX_PROCESSES"),
                Seconds.upTo(1, Seconds.MIN, tasks -> sequentialMax(tasks, Limits.MAX_RUN_TIME), FITS_RUN_TIME),
                true, Demo.RUNS_ANYWHERE, s -> waiting(s, Runner.sequential(), Runner.threads(), Runner.processes()));
    }

    /** CPU-bound tasks, sized to take about the given time on one core, one after another and on threads. */
    static Demo cpu() {
        return new Demo("CPU-bound tasks (counting primes) one after another and on threads",
                Tasks.upTo(3, Limits.MAX_PLATFORM_THREADS, "Limits.MAX_PLATFORM_THREADS"),
                Seconds.upTo(1, Seconds.MIN, tasks -> sequentialMax(tasks, Limits.MAX_RUN_TIME.dividedBy(2)),
                        "the tasks one after another must fit half of Limits.MAX_RUN_TIME (task sizes are estimates)"),
                true, Demo.RUNS_ANYWHERE, s -> {
                    machine(s);
                    s.out().println("calibrating: how fast does one core count primes?");
                    List<Task> tasks = new ArrayList<>();
                    Duration about = Duration.ofNanos(Math.max(1_000L, Math.round(s.seconds() * 1e9)));
                    for (int i = 0; i < s.tasks(); i++) {
                        tasks.add(Task.cpuCalibrated(name(i), about));
                    }
                    return runEach(s, tasks, Runner.sequential(), Runner.threads());
                });
    }

    /** Waiting tasks one after another, on threads, on virtual threads and on a pool of two threads. */
    static Demo io() {
        return new Demo("waiting tasks one after another, on threads, on virtual threads, and on a pool of 2 threads",
                Tasks.upTo(6, Limits.MAX_PLATFORM_THREADS, "Limits.MAX_PLATFORM_THREADS"),
                Seconds.upTo(0.5, Seconds.MIN, tasks -> sequentialMax(tasks, Limits.MAX_RUN_TIME), FITS_RUN_TIME),
                true, Demo.RUNS_ANYWHERE, s -> waiting(s, Runner.sequential(), Runner.threads(), Runner.virtualThreads(),
                        Runner.pool(2)));
    }

    /** Waiting tasks A, B, C, ... of the settings' size, run by each runner in turn. */
    private static List<Report> waiting(Settings s, Runner... runners) throws InterruptedException {
        machine(s);
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < s.tasks(); i++) {
            tasks.add(Task.io(name(i), s.seconds()));
        }
        return runEach(s, tasks, runners);
    }

    private static List<Report> runEach(Settings s, List<Task> tasks, Runner... runners) throws InterruptedException {
        List<Report> reports = new ArrayList<>();
        for (Runner r : runners) {
            reports.add(r.output(s.out()).run(tasks));
        }
        return reports;
    }

    /**
     * The GIL measured: the same tasks (counting primes below one {@code n}, sized to take about the given seconds in
     * this CPython) on CPython threads, in CPython processes and on Java threads, then the CPUs each kept busy.
     *
     * @param finder where the demo gets its {@code python3} ({@link Python#find()}; a test may pass none)
     */
    static Demo gil(Supplier<Optional<Python>> finder) {
        return new Demo("prime counting on CPython threads, CPython processes and Java threads; needs python3",
                Tasks.upTo(3, Math.min(PythonRunner.MAX_PROCESS_TASKS, PythonRunner.MAX_THREAD_TASKS),
                        "PythonRunner.MAX_PROCESS_TASKS, one CPython process each"),
                Seconds.upTo(0.4, 0.001, tasks -> sequentialMax(tasks, Limits.MAX_RUN_TIME.dividedBy(2)),
                        "on CPython threads the tasks take turns, the GIL: one after another they must fit half of "
                                + "Limits.MAX_RUN_TIME"),
                true, () -> finder.get().isPresent() ? Optional.empty() : Optional.of(Python.notFound()), s -> gil(s, finder));
    }

    private static List<Report> gil(Settings s, Supplier<Optional<Python>> finder) throws InterruptedException {
        Python py = finder.get().orElseThrow(() -> new IllegalStateException(Python.notFound()));
        machine(s);
        s.out().println("Python: " + py.describe());
        long n = py.sizeFor(Duration.ofNanos(Math.round(s.seconds() * 1e9)));
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < s.tasks(); i++) {
            tasks.add(Task.cpu(name(i), n));
        }
        s.out().println("each task counts the primes below " + n + ": about " + Text.number(s.seconds())
                + " s in this CPython on one free core");
        Report threads = py.threads().output(s.out()).run(tasks);
        Report processes = py.processes().output(s.out()).run(tasks);
        Report java = Runner.threads().quiet().run(tasks);
        java = Report.of("Java threads", java.startMicros(), java.endMicros(), java.machine(), java.events(), java.problems());
        s.out().println(java);
        List<Report> reports = List.of(threads, processes, java);
        Table.Builder t = Table.builder("run", "wall", "CPU (sum)", "CPUs busy", "PIDs").alignRight(1, 2, 3, 4)
                .title("side by side: CPUs busy = CPU time / wall time");
        for (Report r : reports) {
            t.row(r.runner(), Text.seconds(r.wall().toNanos() / 1_000L), Text.seconds(r.totalCpu().toNanos() / 1_000L),
                    String.format(Locale.ROOT, "%.2f", (double) r.totalCpu().toNanos() / Math.max(1, r.wall().toNanos())),
                    r.pids().size());
        }
        t.footer("On CPython threads it stays near 1 however many CPUs there are: the GIL lets one thread compute at a "
                + "time.");
        t.footer("In CPython processes and on Java threads it can reach " + Math.min(s.tasks(), Machine.current().cpus())
                + " here (" + s.tasks() + (s.tasks() == 1 ? " task" : " tasks") + ", " + Machine.current().cpus()
                + " CPUs); Java also counts faster: its JIT compiles the loop.");
        s.out().println(t.build());
        return reports;
    }

    /** {@link Race#demo(java.io.PrintStream, int)}: threads (one per task) add 1 to a shared counter; no timeline. */
    static Demo race() {
        return new Demo("racing threads add 1 to a shared counter: racy counters lose updates, fixes do not; a thread per task",
                Tasks.upTo(Race.DEMO_THREADS, Race.MAX_DEMO_THREADS, "Race.MAX_DEMO_THREADS"),
                Seconds.none("each thread adds 1 to the counter 1,000,000 times, however long that takes (at most "
                        + "Race.TIME_BOUND, " + Text.duration(Race.TIME_BOUND) + ")"),
                false, Demo.RUNS_ANYWHERE, s -> {
                    Race.demo(s.out(), s.tasks());
                    return List.of();
                });
    }

    /** {@link Deadlock#demo(java.io.PrintStream)}: always two threads and two locks; no options, no timeline. */
    static Demo deadlock() {
        return new Demo("two threads take two locks in opposite order: the deadlock detected and broken, then two fixes",
                Tasks.always(2, "it always runs two threads, " + Deadlock.THREAD_A + " and " + Deadlock.THREAD_B),
                Seconds.none("each of its three steps is bounded by Deadlock.DEFAULT_BOUND ("
                        + Text.duration(Deadlock.DEFAULT_BOUND) + ")"),
                false, Demo.RUNS_ANYWHERE, s -> {
                    Deadlock.demo(s.out());
                    return List.of();
                });
    }
}
