package ptlab.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ptlab.Limits;
import ptlab.Machine;
import ptlab.Report;
import ptlab.RunInterruptedException;
import ptlab.Runner;
import ptlab.Task;

/**
 * The demos of the command line, by name, in the order {@code --help} lists them: {@code simple} (the seeds'
 * tasks A, B, C one after another, on threads and in processes), {@code cpu} (CPU-bound tasks one after another
 * and on threads) and {@code io} (waiting tasks one after another, on threads, on virtual threads and on a pool
 * of two). Adding a demo is one more entry here.
 */
public final class Demos {

    private static final Map<String, Demo> ALL;

    static {
        Map<String, Demo> m = new LinkedHashMap<>();
        m.put("simple", new Simple());
        m.put("cpu", new Cpu());
        m.put("io", new Io());
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
        public List<Report> run(Settings s) throws RunInterruptedException {
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
        public List<Report> run(Settings s) throws RunInterruptedException {
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
        public List<Report> run(Settings s) throws RunInterruptedException {
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
}
