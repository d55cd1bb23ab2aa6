package ptlab.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import ptlab.child.ChildEngine;
import ptlab.child.Protocol;
import ptlab.child.TaskArgument;
import ptlab.internal.Checks;
import ptlab.internal.Text;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;
import ptlab.run.RunLoop;
import ptlab.run.Work;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * A CPython interpreter on this machine ({@code python3}), to run ptlab's tasks in CPython and compare: the same
 * prime counting as the Java helper (trial division by odd numbers), on CPython threads or in CPython processes,
 * reported in the same {@link Protocol} lines, so that the result is an ordinary {@code ptlab.task.Report} (tables,
 * timelines, PIDs, thread names, wall and CPU time).
 *
 * <pre>{@code
 * Optional<Python> py = Python.find();                  // /usr/bin/python3, else python3 on PATH
 * Report r = py.get().threads().run(Task.cpu("A", n), Task.cpu("B", n));
 * }</pre>
 *
 * <p>How it runs: the script ({@link #script()}) is written into a private temporary folder (readable by this user
 * only), started as {@code python3 -I -u -B <script> --mode ...} through {@link ChildProcess} (no shell, a minimal
 * environment, piped output, a watchdog), and the folder is deleted when the run is over. The script exits by itself
 * when this JVM is gone (a thread polls {@code os.getppid()}, another waits for end of file on stdin), and so does
 * every worker process it starts.
 */
public final class Python {

    /** Where {@link #find()} looks first: {@code /usr/bin/python3}. */
    public static final Path USUAL_PLACE = Path.of("/usr/bin/python3");

    /** The size {@link #sizeFor(Duration)} times: the primes below 60,000. */
    public static final long PROBE_SIZE = 60_000L;

    private static final String SCRIPT_NAME = "ptlab_tasks.py";
    private static final Duration SMALL_RUN = Duration.ofSeconds(20);

    private final Path program;
    private volatile About about;
    private volatile long probeNanos;

    private Python(Path program) {
        this.program = program;
    }

    /**
     * What the interpreter says about itself.
     *
     * @param version        e.g. {@code 3.11.2}
     * @param implementation e.g. {@code cpython}
     * @param gilEnabled     true when the global interpreter lock is on (always before Python 3.13; a free-threaded
     *                       build such as {@code python3.13t} says false)
     */
    public record About(String version, String implementation, boolean gilEnabled) {

        /** Checks the values. */
        public About {
            Checks.notNull(version, "version");
            Checks.notNull(implementation, "implementation");
        }
    }

    /**
     * The {@code python3} of this machine: {@code /usr/bin/python3} when it is there, else the first {@code python3}
     * on {@code PATH}; empty when there is none.
     */
    public static Optional<Python> find() {
        return find(USUAL_PLACE, System.getenv("PATH"));
    }

    /** Looks at {@code usual}, then {@code python3} in each folder of {@code path} (may be null). */
    static Optional<Python> find(Path usual, String path) {
        if (Files.isRegularFile(usual) && Files.isExecutable(usual)) {
            return Optional.of(new Python(usual));
        }
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isBlank()) {
                    continue;
                }
                try {
                    Path p = Path.of(dir, "python3");
                    if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                        return Optional.of(new Python(p));
                    }
                } catch (RuntimeException e) {
                    // a PATH entry that is not a path: skip it
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code python3} of this machine, or an {@link IllegalStateException} with the one-line message
     * {@link #notFound()}.
     */
    public static Python require() {
        return find().orElseThrow(() -> new IllegalStateException(notFound()));
    }

    /** The one-line message for a machine without {@code python3}. */
    public static String notFound() {
        return "no python3 found: looked for " + USUAL_PLACE + ", then python3 on PATH; install Python 3 to run the CPython half";
    }

    /**
     * The interpreter at {@code program}, e.g. {@code Python.at("/usr/local/bin/python3.13t")}.
     *
     * @param program the path of a Python 3 executable
     * @throws IllegalArgumentException when there is no executable file there (one line that says so)
     */
    public static Python at(String program) {
        Checks.notNull(program, "program");
        Path p;
        try {
            p = Path.of(program);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("program = \"" + program + "\" is not a path; allowed: the path of a python3 program");
        }
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("program = \"" + program + "\": no such file; allowed: the path of a python3 "
                    + "program (or use Python.find())");
        }
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new IllegalArgumentException("program = \"" + program + "\" is not an executable file; allowed: the path of a "
                    + "python3 program (or use Python.find())");
        }
        return new Python(p);
    }

    /** The interpreter's path. */
    public Path program() {
        return program;
    }

    /**
     * Asks the interpreter for its version and whether its GIL is on (runs it once, about 50 ms; then kept).
     *
     * @throws IllegalStateException when it does not answer as a Python 3 running the script would
     * @throws InterruptedException  when interrupted; the interpreter is gone by then
     */
    public About about() throws InterruptedException {
        About a = about;
        if (a == null) {
            Map<String, String> hello = helloOf("about", List.of());
            a = new About(hello.getOrDefault("version", "?"), hello.getOrDefault("implementation", "?"),
                    !"disabled".equals(hello.get("gil")));
            about = a;
        }
        return a;
    }

    /**
     * One line, e.g. {@code cpython 3.11.2 at /usr/bin/python3, GIL enabled}.
     *
     * @throws InterruptedException when interrupted; the interpreter is gone by then
     */
    public String describe() throws InterruptedException {
        About a = about();
        return a.implementation() + " " + a.version() + " at " + program + ", GIL " + (a.gilEnabled() ? "enabled" : "disabled");
    }

    /**
     * The {@code n} for {@code Task.cpu(name, n)} that takes about {@code about} in this CPython on one free core,
     * measured once (counting the primes below {@value #PROBE_SIZE}, best of two, about 0.2 s) and extrapolated with
     * the cost model of trial division, time ≈ c · n<sup>1.5</sup> / ln n (as {@code ptlab.task.Calibration} does for Java).
     *
     * @param about 1 ms to {@link Limits#MAX_TASK_DURATION}
     * @throws InterruptedException when interrupted; the interpreter is gone by then
     */
    public long sizeFor(Duration about) throws InterruptedException {
        Checks.millisDuration(about, Limits.MAX_TASK_DURATION, "about");
        long probe = probeNanos;
        if (probe <= 0) {
            Map<String, String> hello = helloOf("calibrate", List.of("--probe", Long.toString(PROBE_SIZE)));
            try {
                probe = Math.max(1, Long.parseLong(hello.getOrDefault("probe_ns", "")));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(program + " did not report its calibration");
            }
            probeNanos = probe;
        }
        double perUnit = probe / model(PROBE_SIZE);
        double target = about.toNanos();
        long lo = 3;
        long hi = Limits.MAX_CPU_SIZE;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (perUnit * model(mid) < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double model(long n) {
        double x = Math.max(n, 3);
        return Math.pow(x, 1.5) / Math.log(x);
    }

    /** A runner for CPython threads: every task on a thread of its own in one {@code python3} process. */
    public PythonRunner threads() {
        return new PythonRunner(this, PythonRunner.Mode.THREADS);
    }

    /**
     * A runner for CPython processes: every task in a process of its own, started by one {@code python3} process with
     * {@code multiprocessing} (start method {@code spawn}: a fresh interpreter, with its own GIL, per task).
     */
    public PythonRunner processes() {
        return new PythonRunner(this, PythonRunner.Mode.PROCESSES);
    }

    /** The Python script that does the tasks (what runs in the child). */
    public static String script() {
        try (InputStream in = Python.class.getResourceAsStream(SCRIPT_NAME)) {
            if (in == null) {
                throw new IllegalStateException("the helper jar lacks ptlab/python/" + SCRIPT_NAME);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** E.g. {@code Python[/usr/bin/python3]}. */
    @Override
    public String toString() {
        return "Python[" + program + "]";
    }

    /** The child's environment: the minimal one, nothing of the notebook's. */
    static Map<String, String> environment() {
        return JavaCommand.environment();
    }

    /** The command line: the interpreter, its flags, the script, the mode and the rest. */
    List<String> command(Path script, String mode, List<String> rest) {
        List<String> cmd = new ArrayList<>(List.of(program.toString(), "-I", "-u", "-B", script.toString(), "--mode", mode,
                "--parent", Long.toString(Work.pid())));
        cmd.addAll(rest);
        return cmd;
    }

    /** Runs the script in a short mode (about, calibrate) and returns its hello fields. */
    private Map<String, String> helloOf(String mode, List<String> rest) throws InterruptedException {
        Path dir = writeScript();
        try {
            ChildProcess.Result r = ChildProcess.run("python", command(dir.resolve(SCRIPT_NAME), mode, rest), environment(),
                    SMALL_RUN, 50);
            for (String line : r.stdout()) {
                if (Protocol.parse(line) instanceof Protocol.Hello h) {
                    return h.fields();
                }
            }
            throw new IllegalStateException(program + " did not answer as Python 3 should (" + r.exit().describe()
                    + (r.stderr().isEmpty() ? "" : ": " + Text.cut(String.join(" | ", r.stderr()), 300)) + ")");
        } finally {
            deleteTree(dir);
        }
    }

    /** Writes the script into a new private temporary folder (rwx for this user only) and returns the folder. */
    static Path writeScript() {
        try {
            Path dir = Files.createTempDirectory("ptlab-python-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            try {
                Path file = Files.createFile(dir.resolve(SCRIPT_NAME),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, script(), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                deleteTree(dir);
                throw e;
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Python script to a temporary folder", e);
        }
    }

    /** Deletes a folder and what is in it; quietly does what it can. */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind in the system temp folder; nothing more to do
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // the folder is already gone
        }
    }

    /** The script's name inside its folder. */
    static String scriptName() {
        return SCRIPT_NAME;
    }

    /**
     * For {@link PythonRunner}: runs the script in {@code mode} ({@code threads} or {@code processes}) on the tasks,
     * through the run loop every runner uses, and deletes the script when the run is over.
     */
    Report run(String runner, String mode, List<Task> tasks, Duration timeout, boolean quiet, PrintStream output)
            throws InterruptedException {
        Path dir = writeScript();
        try {
            Path script = dir.resolve(SCRIPT_NAME);
            return RunLoop.run(runner, tasks, timeout, quiet, output, ChildEngine.oneChild("python", "python3 process",
                    (all, submitted, deadline) -> {
                        List<String> rest = new ArrayList<>(List.of("--submitted", Long.toString(submitted), "--deadline",
                                Long.toString(deadline)));
                        for (Task t : all) {
                            rest.add(TaskArgument.format(t));
                        }
                        return command(script, mode, rest);
                    }));
        } finally {
            deleteTree(dir);
        }
    }
}
