package ptlab.parallel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import ptlab.child.ChildEngine;
import ptlab.child.Protocol;
import ptlab.child.TaskArgument;
import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.internal.Checks;
import ptlab.internal.Escape;
import ptlab.internal.Text;
import ptlab.process.JavaCommand;
import ptlab.run.RunLoop;
import ptlab.run.Work;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * Runs several tasks at once on threads inside <em>one</em> child JVM that may use only some of the machine's CPUs:
 * the way to see concurrency (tasks take turns on one CPU) next to parallelism (tasks run at the same moment on
 * several), with the same tasks and the same code. Immutable: the option methods return a new value.
 *
 * <pre>{@code
 * ChildJvm.Result one = ChildJvm.cpus(1).run(Task.cpu("A", n), Task.cpu("B", n));   // concurrency
 * ChildJvm.Result all = ChildJvm.allCpus().run(Task.cpu("A", n), Task.cpu("B", n)); // parallelism
 * }</pre>
 *
 * <h2>Two ways of limiting CPUs, and why both</h2>
 * <ul>
 * <li>{@code -XX:ActiveProcessorCount=k} changes what the JVM <em>believes</em>: {@link Runtime#availableProcessors()}
 * says {@code k}, and the JVM sizes its own pools by it. The operating system still runs the JVM's threads on every
 * core it has, so two threads still run at the same moment.</li>
 * <li>{@code taskset -c 0} (Linux, util-linux) changes what the operating system <em>allows</em>: the process may run
 * on CPU 0 only, so its threads must take turns. {@link #taskset()} says whether it is there; without it a run uses the
 * JVM flag alone and {@link Result#pinned()} is false.</li>
 * </ul>
 * {@link #cpus(int)} uses both (pinned to the first {@code k} CPUs this process may use); {@link #pinned(boolean)
 * pinned(false)} keeps only the flag, to show the difference.
 *
 * <h2>What the child does and says</h2>
 * The child (the package's {@code ThreadsChild}) starts every task at once on a platform thread named {@code worker-<task name>} and
 * reports each in the {@link Protocol} lines; it also reports what {@code availableProcessors()} said and the CPUs it
 * was allowed ({@link Result}). The run goes through the same loop as {@code ptlab.Runner}'s, so it prints the same
 * live lines, from the calling thread, and the same report.
 *
 * <h2>Bounds</h2>
 * At most {@value #MAX_TASKS} tasks (one platform thread each, {@link Limits#MAX_PLATFORM_THREADS}); every run ends
 * within its time bound ({@link #timeout(Duration)}, default and at most {@link Limits#MAX_RUN_TIME}); an interrupt of
 * the calling thread kills the child at once and throws {@link InterruptedException}; the child exits by itself when
 * this JVM is gone.
 */
public final class ChildJvm {

    /** The most tasks of one run: {@value}, one platform thread each (as {@link Limits#MAX_PLATFORM_THREADS}). */
    public static final int MAX_TASKS = Limits.MAX_PLATFORM_THREADS;

    /** The most CPUs one can ask for: {@value} (as for {@code -XX:ActiveProcessorCount}). */
    public static final int MAX_CPUS = 1024;

    private static final List<Path> TASKSET_PLACES = List.of(Path.of("/usr/bin/taskset"), Path.of("/bin/taskset"));

    private final int cpus; // 0: all
    private final boolean pinned;
    private final Duration timeout;
    private final boolean quiet;
    private final PrintStream output;

    private ChildJvm(int cpus, boolean pinned, Duration timeout, boolean quiet, PrintStream output) {
        this.cpus = cpus;
        this.pinned = pinned;
        this.timeout = timeout;
        this.quiet = quiet;
        this.output = output;
    }

    /**
     * A child JVM limited to {@code k} CPUs: {@code -XX:ActiveProcessorCount=k}, and pinned with {@code taskset} to the
     * first {@code k} CPUs this process may use when {@link #taskset()} is present.
     *
     * @param k 1 to {@value #MAX_CPUS}
     */
    public static ChildJvm cpus(int k) {
        Checks.range(k, 1, MAX_CPUS, "k", "CPUs (ChildJvm.MAX_CPUS)");
        return new ChildJvm(k, true, Limits.MAX_RUN_TIME, false, null);
    }

    /** A child JVM with every CPU this process may use: no flag, no pinning. */
    public static ChildJvm allCpus() {
        return new ChildJvm(0, false, Limits.MAX_RUN_TIME, false, null);
    }

    /**
     * This child JVM with ({@code true}, the default for {@link #cpus(int)}) or without pinning by {@code taskset}.
     * Pinning needs {@link #taskset()}; without it, {@code true} means the JVM flag only, and a run says so in the one line of {@link #pinningNote()}.
     *
     * @throws IllegalStateException on {@link #allCpus()}, which has nothing to pin to
     */
    public ChildJvm pinned(boolean pin) {
        if (cpus == 0 && pin) {
            throw new IllegalStateException("pinned(true) needs ChildJvm.cpus(k); allCpus() uses every CPU");
        }
        return new ChildJvm(cpus, pin, timeout, quiet, output);
    }

    /**
     * This child JVM with another time bound for its runs.
     *
     * @param timeout 1 ms to {@link Limits#MAX_RUN_TIME}
     */
    public ChildJvm timeout(Duration timeout) {
        Checks.millisDuration(timeout, Limits.MAX_RUN_TIME, "timeout");
        return new ChildJvm(cpus, pinned, timeout, quiet, output);
    }

    /** This child JVM without any printing (the result is still returned). */
    public ChildJvm quiet() {
        return new ChildJvm(cpus, pinned, timeout, true, output);
    }

    /**
     * This child JVM printing its live lines and summary (as text) to {@code out} instead of {@link System#out}.
     *
     * @param out where to print, not null
     */
    public ChildJvm output(PrintStream out) {
        Checks.notNull(out, "out");
        return new ChildJvm(cpus, pinned, timeout, false, out);
    }

    /** Where {@code taskset} is ({@code /usr/bin/taskset} or {@code /bin/taskset}), if it is there. */
    public static Optional<String> taskset() {
        return taskset(TASKSET_PLACES);
    }

    static Optional<String> taskset(List<Path> places) {
        for (Path p : places) {
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    /**
     * Empty when {@code taskset} is there; else the one line that says what pinning falls back to, which a run
     * that asked for pinning prints before it starts.
     */
    public static String pinningNote() {
        return pinningNote(TASKSET_PLACES);
    }

    static String pinningNote(List<Path> places) {
        return taskset(places).isPresent() ? "" : "taskset is not installed here (looked for " + places.stream().map(Path::toString)
                .collect(java.util.stream.Collectors.joining(", ")) + "; it is in util-linux): the child JVM gets "
                + "-XX:ActiveProcessorCount only, so the OS may still run it on every CPU";
    }

    /** The CPUs this process may run on (from {@code /proc/self/status}), e.g. {@code 0-1}; {@code ?} when unknown. */
    public static String allowedCpus() {
        return ThreadsChild.allowedCpus();
    }

    /** The runs' name: {@code child JVM, 1 CPU (taskset + flag)}, {@code child JVM, 1 CPU (flag only)}, {@code child JVM, all CPUs}. */
    public String name() {
        if (cpus == 0) {
            return "child JVM, all CPUs";
        }
        return "child JVM, " + cpus + (cpus == 1 ? " CPU" : " CPUs") + (pinned && taskset().isPresent() ? " (taskset + flag)" : " (flag only)");
    }

    /** The time bound of the runs. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs the tasks, all at once, on threads of one new child JVM; see the class description.
     *
     * @param tasks 1 to {@value #MAX_TASKS} tasks with distinct names
     * @throws InterruptedException when the calling thread is interrupted; the child is gone by then
     */
    public Result run(Task... tasks) throws InterruptedException {
        Checks.notNull(tasks, "tasks");
        return run(Arrays.asList(tasks));
    }

    /**
     * Runs the tasks; see {@link #run(Task...)}.
     *
     * @param tasks 1 to {@value #MAX_TASKS} tasks with distinct names
     * @throws InterruptedException when the calling thread is interrupted; the child is gone by then
     */
    public Result run(List<Task> tasks) throws InterruptedException {
        List<Task> list = RunLoop.check(tasks, MAX_TASKS, "tasks for ChildJvm (one platform thread each)", "ChildJvm.MAX_TASKS",
                Integer.MAX_VALUE, timeout, name());
        Optional<String> taskset = pinned ? taskset() : Optional.empty();
        String pinTo = taskset.isPresent() ? firstCpus(allowedCpus(), cpus) : "";
        List<String> flags = cpus == 0 ? List.of() : List.of("-XX:ActiveProcessorCount=" + cpus);
        ChildEngine engine = ChildEngine.oneChild("child", "child JVM", (all, submitted, deadline) -> {
            List<String> args = new ArrayList<>(List.of("--parent", Long.toString(Work.pid()), "--submitted",
                    Long.toString(submitted), "--deadline", Long.toString(deadline)));
            for (Task t : all) {
                args.add(TaskArgument.format(t));
            }
            List<String> cmd = new ArrayList<>();
            if (taskset.isPresent()) {
                cmd.addAll(List.of(taskset.get(), "-c", pinTo));
            }
            cmd.addAll(JavaCommand.of(ThreadsChild.class, flags, args));
            return cmd;
        });
        PrintStream out = RunLoop.out(quiet, output);
        if (out != null && pinned && taskset.isEmpty()) {
            out.println(pinningNote());
        }
        Report report = RunLoop.run(name(), list, timeout, quiet, output, engine);
        Map<String, String> hello = engine.hello();
        int seen;
        try {
            seen = Integer.parseInt(hello.getOrDefault("cpus", "-1"));
        } catch (NumberFormatException e) {
            seen = -1;
        }
        return new Result(report, engine.pid(), seen, hello.getOrDefault("allowed", "?"), taskset.isPresent(),
                engine.command());
    }

    /** The first {@code k} CPUs of a list such as {@code 0-3,8}, as a list for {@code taskset -c}; {@code 0-(k-1)} if unreadable. */
    static String firstCpus(String allowed, int k) {
        TreeSet<Integer> set = new TreeSet<>();
        try {
            for (String part : allowed.split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int dash = p.indexOf('-');
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
                for (int c = lo; c <= hi && set.size() < 4096; c++) {
                    set.add(c);
                }
            }
        } catch (NumberFormatException e) {
            set.clear();
        }
        if (set.isEmpty()) {
            return k == 1 ? "0" : "0-" + (k - 1);
        }
        List<String> chosen = new ArrayList<>();
        for (int c : set) {
            if (chosen.size() == k) {
                break;
            }
            chosen.add(Integer.toString(c));
        }
        return String.join(",", chosen);
    }

    /** E.g. {@code ChildJvm[child JVM, 1 CPU (taskset + flag), time bound 60 s]}. */
    @Override
    public String toString() {
        return "ChildJvm[" + name() + ", time bound " + Text.duration(timeout) + "]";
    }

    /**
     * What one run of a child JVM gave.
     *
     * @param report              the tasks' report (one PID: the child's; one thread per task)
     * @param pid                 the child JVM's process ID, or -1 when it never started
     * @param availableProcessors what {@link Runtime#availableProcessors()} said in the child, or -1 when it did not say
     * @param allowedCpus         the CPUs the operating system let the child run on (e.g. {@code 0}), or {@code ?}
     * @param pinned              true when the child ran under {@code taskset}
     * @param command             the child's command line
     */
    public record Result(Report report, long pid, int availableProcessors, String allowedCpus, boolean pinned,
                         List<String> command) implements Displayable {

        /** Checks and copies. */
        public Result {
            Checks.notNull(report, "report");
            Checks.notNull(allowedCpus, "allowedCpus");
            command = List.copyOf(command);
        }

        /** One line on what the child JVM was given, e.g. {@code child JVM pid 4200: availableProcessors() = 1, allowed CPUs 0 (taskset)}. */
        public String describe() {
            return "child JVM pid " + (pid < 0 ? "?" : Long.toString(pid)) + ": availableProcessors() = "
                    + (availableProcessors < 0 ? "?" : Integer.toString(availableProcessors)) + ", allowed CPUs " + allowedCpus
                    + (pinned ? " (taskset)" : " (not pinned)");
        }

        /** The line from {@link #describe()}, then the report. */
        @Override
        public String toString() {
            return describe() + "\n" + report;
        }

        /** The line from {@link #describe()} and the report's table. */
        @Override
        public MimeBundle toMimeBundle() {
            Table t = report.table();
            return MimeBundle.of(toString()).with("text/html", "<p>" + Escape.markup(describe()) + "</p>" + t.toHtml());
        }
    }
}
