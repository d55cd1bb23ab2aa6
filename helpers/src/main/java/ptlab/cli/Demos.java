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

import ptlab.Limits;
import ptlab.Machine;
import ptlab.Report;
import ptlab.Runner;
import ptlab.Task;
import ptlab.deadlock.Deadlock;
import ptlab.display.Table;
import ptlab.internal.Text;
import ptlab.python.Python;
import ptlab.python.PythonRunner;
import ptlab.race.Race;

/**
 * The demos of the command line, by name, in the order {@code --help} lists them: {@code simple} (the seeds'
 * tasks A, B, C one after another, on threads and in processes), {@code cpu} (CPU-bound tasks one after another
 * and on threads), {@code io} (waiting tasks one after another, on threads, on virtual threads and on a pool
 * of two), {@code gil} (the same prime counting on CPython threads, in CPython processes and on Java threads),
 * {@code race} ({@link Race#demo(java.io.PrintStream, int)}: lost updates and their fixes) and {@code deadlock}
 * ({@link Deadlock#demo(java.io.PrintStream)}: a lock cycle detected and broken, then two fixes). Adding a demo is one
 * more entry here.
 */
public final class Demos {

    private static final Map<String, Demo> ALL;

    static {
        Map<String, Demo> m = new LinkedHashMap<>();
        m.put("simple", new Simple());
        m.put("cpu", new Cpu());
        m.put("io", new Io());
        m.put("gil", new Gil(Python::find));
        m.put("race", new RaceDemo());
        m.put("deadlock", new DeadlockDemo());
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

    static void machine(Demo.Settings s) {
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
    static final class Simple implements Demo {
        @Override
        public String summary() {
            return "tasks A, B, C (waiting) one after another, on threads, and in processes";
        }

        @Override
        public int defaultTasks() {
            return 3;
        }

        @Override
        public int maxTasks() {
            return Limits.MAX_PROCESSES;
        }

        @Override
        public String maxTasksConstant() {
            return "Limits.MAX_PROCESSES";
        }

        @Override
        public double defaultSeconds() {
            return 1;
        }

        @Override
        public double maxSeconds(int tasks) {
            return sequentialMax(tasks, Limits.MAX_RUN_TIME);
        }

        @Override
        public String maxSecondsReason() {
            return "the tasks one after another must fit Limits.MAX_RUN_TIME, each at most Limits.MAX_TASK_DURATION";
        }

        @Override
        public List<Report> run(Settings s) throws InterruptedException {
            machine(s);
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < s.tasks(); i++) {
                tasks.add(Task.io(name(i), s.seconds()));
            }
            List<Report> reports = new ArrayList<>();
            for (Runner r : List.of(Runner.sequential(), Runner.threads(), Runner.processes())) {
                reports.add(r.output(s.out()).run(tasks));
            }
            return reports;
        }
    }

    /** CPU-bound tasks, sized to take about the given time on one core, one after another and on threads. */
    static final class Cpu implements Demo {
        @Override
        public String summary() {
            return "CPU-bound tasks (counting primes) one after another and on threads";
        }

        @Override
        public int defaultTasks() {
            return 3;
        }

        @Override
        public int maxTasks() {
            return Limits.MAX_PLATFORM_THREADS;
        }

        @Override
        public String maxTasksConstant() {
            return "Limits.MAX_PLATFORM_THREADS";
        }

        @Override
        public double defaultSeconds() {
            return 1;
        }

        @Override
        public double maxSeconds(int tasks) {
            return sequentialMax(tasks, Limits.MAX_RUN_TIME.dividedBy(2));
        }

        @Override
        public String maxSecondsReason() {
            return "the tasks one after another must fit half of Limits.MAX_RUN_TIME (task sizes are estimates)";
        }

        @Override
        public List<Report> run(Settings s) throws InterruptedException {
            machine(s);
            s.out().println("calibrating: how fast does one core count primes?");
            List<Task> tasks = new ArrayList<>();
            Duration about = Duration.ofNanos(Math.max(1_000L, Math.round(s.seconds() * 1e9)));
            for (int i = 0; i < s.tasks(); i++) {
                tasks.add(Task.cpuCalibrated(name(i), about));
            }
            List<Report> reports = new ArrayList<>();
            for (Runner r : List.of(Runner.sequential(), Runner.threads())) {
                reports.add(r.output(s.out()).run(tasks));
            }
            return reports;
        }
    }

    /** Waiting tasks one after another, on threads, on virtual threads and on a pool of two threads. */
    static final class Io implements Demo {
        @Override
        public String summary() {
            return "waiting tasks one after another, on threads, on virtual threads, and on a pool of 2 threads";
        }

        @Override
        public int defaultTasks() {
            return 6;
        }

        @Override
        public int maxTasks() {
            return Limits.MAX_PLATFORM_THREADS;
        }

        @Override
        public String maxTasksConstant() {
            return "Limits.MAX_PLATFORM_THREADS";
        }

        @Override
        public double defaultSeconds() {
            return 0.5;
        }

        @Override
        public double maxSeconds(int tasks) {
            return sequentialMax(tasks, Limits.MAX_RUN_TIME);
        }

        @Override
        public String maxSecondsReason() {
            return "the tasks one after another must fit Limits.MAX_RUN_TIME, each at most Limits.MAX_TASK_DURATION";
        }

        @Override
        public List<Report> run(Settings s) throws InterruptedException {
            machine(s);
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < s.tasks(); i++) {
                tasks.add(Task.io(name(i), s.seconds()));
            }
            List<Report> reports = new ArrayList<>();
            for (Runner r : List.of(Runner.sequential(), Runner.threads(), Runner.virtualThreads(), Runner.pool(2))) {
                reports.add(r.output(s.out()).run(tasks));
            }
            return reports;
        }
    }

    /**
     * The GIL measured: the same tasks (counting primes below one {@code n}, sized to take about the given seconds in
     * this CPython) on CPython threads, in CPython processes and on Java threads, then the CPUs each kept busy.
     */
    static final class Gil implements Demo {
        private final Supplier<Optional<Python>> finder;

        /** @param finder where the demo gets its {@code python3} ({@link Python#find()}; a test may pass none) */
        Gil(Supplier<Optional<Python>> finder) {
            this.finder = finder;
        }

        @Override
        public String summary() {
            return "prime counting on CPython threads, CPython processes and Java threads; needs python3";
        }

        @Override
        public int defaultTasks() {
            return 3;
        }

        @Override
        public int maxTasks() {
            return Math.min(PythonRunner.MAX_PROCESS_TASKS, PythonRunner.MAX_THREAD_TASKS);
        }

        @Override
        public String maxTasksConstant() {
            return "PythonRunner.MAX_PROCESS_TASKS, one CPython process each";
        }

        @Override
        public double defaultSeconds() {
            return 0.4;
        }

        @Override
        public double minSeconds() {
            return 0.001;
        }

        @Override
        public double maxSeconds(int tasks) {
            return sequentialMax(tasks, Limits.MAX_RUN_TIME.dividedBy(2));
        }

        @Override
        public String maxSecondsReason() {
            return "on CPython threads the tasks take turns, the GIL: one after another they must fit half of "
                    + "Limits.MAX_RUN_TIME";
        }

        @Override
        public Optional<String> missing() {
            return finder.get().isPresent() ? Optional.empty() : Optional.of(Python.notFound());
        }

        @Override
        public List<Report> run(Settings s) throws InterruptedException {
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
    }

    /** {@link Race#demo(java.io.PrintStream, int)}: threads (one per task) add 1 to a shared counter; no timeline. */
    static final class RaceDemo implements Demo {
        @Override
        public String summary() {
            return "racing threads add 1 to a shared counter: racy counters lose updates, fixes do not; a thread per task";
        }

        @Override
        public int defaultTasks() {
            return Race.DEMO_THREADS;
        }

        @Override
        public int maxTasks() {
            return Race.MAX_DEMO_THREADS;
        }

        @Override
        public String maxTasksConstant() {
            return "Race.MAX_DEMO_THREADS";
        }

        @Override
        public Optional<String> withoutSeconds() {
            return Optional.of("each thread adds 1 to the counter 1,000,000 times, however long that takes (at most Race.TIME_BOUND, "
                    + Text.duration(Race.TIME_BOUND) + ")");
        }

        @Override
        public boolean drawsTimeline() {
            return false;
        }

        @Override
        public List<Report> run(Settings s) throws InterruptedException {
            Race.demo(s.out(), s.tasks());
            return List.of();
        }
    }

    /** {@link Deadlock#demo(java.io.PrintStream)}: always two threads and two locks; no options, no timeline. */
    static final class DeadlockDemo implements Demo {
        @Override
        public String summary() {
            return "two threads take two locks in opposite order: the deadlock detected and broken, then two fixes";
        }

        @Override
        public int defaultTasks() {
            return 2;
        }

        @Override
        public int maxTasks() {
            return 2;
        }

        @Override
        public String maxTasksConstant() {
            return "";
        }

        @Override
        public Optional<String> withoutTasks() {
            return Optional.of("it always runs two threads, " + Deadlock.THREAD_A + " and " + Deadlock.THREAD_B);
        }

        @Override
        public Optional<String> withoutSeconds() {
            return Optional.of("each of its three steps is bounded by Deadlock.DEFAULT_BOUND ("
                    + Text.duration(Deadlock.DEFAULT_BOUND) + ")");
        }

        @Override
        public boolean drawsTimeline() {
            return false;
        }

        @Override
        public List<Report> run(Settings s) throws InterruptedException {
            Deadlock.demo(s.out());
            return List.of();
        }
    }
}
