package ptlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import ptlab.internal.Text;
import ptlab.render.Timeline;
import ptlab.render.Trace;
import ptlab.task.Event;
import ptlab.task.Report;

/**
 * The helper jar's command line, for a terminal or a slide:
 * <pre>
 * java -jar ptlab-helpers.jar demo simple|cpu|io|gil|race|deadlock [--tasks N] [--seconds S] [--svg FILE] [--trace FILE]
 * java -jar ptlab-helpers.jar --help
 * </pre>
 * A demo prints the machine's CPUs, then each run as it happens and its summary table, then all its runs as one
 * text timeline; {@code --svg} writes that timeline as an SVG picture, {@code --trace} as a Chrome Trace Event
 * file for Perfetto. {@code race} and {@code deadlock} print their lesson and draw no timeline; {@code gil} needs
 * {@code python3}. Arguments are checked against the same caps as the helper API ({@link ptlab.task.Limits}), and an
 * option a demo cannot honour is refused, not ignored.
 *
 * <p>Exit codes: {@value #OK} done, {@value #FAILED} a task did not end well, a file could not be written or the
 * run was interrupted, {@value #USAGE} bad arguments (one line on stderr naming the option and what is allowed),
 * {@value #MISSING} something the demo needs is missing from this machine (one line on stderr saying what).
 */
public final class Main {

    /** Exit code: everything ran and was written. */
    public static final int OK = 0;

    /** Exit code: a task failed or timed out, a file could not be written, or the run was interrupted. */
    public static final int FAILED = 1;

    /** Exit code: the arguments were wrong. */
    public static final int USAGE = 2;

    /** Exit code: the demo needs something this machine lacks (e.g. {@code python3} for {@code gil}). */
    public static final int MISSING = 3;

    private Main() {
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err));
    }

    /**
     * Runs the command line without exiting.
     *
     * @param args the arguments, as {@code main} gets them
     * @param out  where the demo and the help go
     * @param err  where errors go
     * @return the exit code: {@link #OK}, {@link #FAILED}, {@link #USAGE} or {@link #MISSING}
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Demos.all());
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, with the demos looked up in {@code demos}. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, Demo> demos) {
        List<String> a = Arrays.asList(args);
        if (a.contains("--help") || a.contains("-h") || a.equals(List.of("help"))) {
            out.print(usage());
            out.flush();
            return OK;
        }
        Request request;
        try {
            request = parse(a, demos);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage() + " (see --help)");
            err.flush();
            return USAGE;
        }
        return execute(request, out, err);
    }

    /** The help text. */
    static String usage() {
        StringBuilder b = new StringBuilder();
        b.append("usage: java -jar ptlab-helpers.jar demo ").append(String.join("|", Demos.all().keySet()))
                .append(" [--tasks N] [--seconds S] [--svg FILE] [--trace FILE]\n");
        b.append("       java -jar ptlab-helpers.jar --help\n\n");
        b.append("Runs a demonstration of programs, processes and threads on this machine and shows who ran when:\n");
        b.append("live lines, a summary table per run, and all runs as one timeline (race and deadlock print their\n");
        b.append("lesson as lines and tables instead).\n\n");
        b.append("demos:\n");
        int width = Demos.all().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Demo> e : Demos.all().entrySet()) {
            Demo d = e.getValue();
            b.append("  ").append(e.getKey()).append(" ".repeat(width - e.getKey().length())).append("  ").append(d.summary());
            if (d.tasks().without().isEmpty()) {
                b.append(" (default ").append(d.tasks().byDefault()).append(" tasks");
                b.append(d.seconds().without().isEmpty() ? " of " + Text.number(d.seconds().byDefault()) + " s)" : ")");
            }
            b.append('\n');
        }
        b.append("\noptions:\n");
        b.append("  --tasks N     how many tasks (1 to the demo's cap, e.g. ").append(Demos.all().get("simple").tasks().max())
                .append(" for simple: one child process each;\n                for race: the racing threads; not for ")
                .append(names(d -> d.tasks().without().isPresent())).append(")\n");
        b.append("  --seconds S   seconds per task (more than 0; the tasks one after another must fit the run's time bound;\n")
                .append("                not for ").append(names(d -> d.seconds().without().isPresent())).append(")\n");
        b.append("  --svg FILE    write the timeline of all runs as an SVG picture (not for ").append(names(d -> !d.drawsTimeline()))
                .append(": they draw no timeline)\n");
        b.append("  --trace FILE  write all runs as a Chrome Trace Event file (open it in Perfetto or chrome://tracing)\n");
        b.append("  --help        show this help\n\n");
        b.append("exit codes: 0 done, 1 a task failed, a file could not be written or the run was interrupted,\n")
                .append("            2 bad arguments, 3 something the demo needs is missing (gil: python3)\n");
        return b.toString();
    }

    /** The names of the demos that match, e.g. {@code race, deadlock}. */
    private static String names(Predicate<Demo> which) {
        List<String> list = new ArrayList<>();
        Demos.all().forEach((name, d) -> {
            if (which.test(d)) {
                list.add(name);
            }
        });
        return String.join(", ", list);
    }

    /** A checked command line. */
    record Request(String name, Demo demo, int tasks, double seconds, Path svg, Path trace) {
    }

    /** A wrong command line; the message is the one line shown. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Request parse(List<String> args, Map<String, Demo> demos) throws UsageException {
        String names = String.join(", ", demos.keySet());
        if (args.isEmpty()) {
            throw new UsageException("no command; allowed: demo NAME, with NAME one of " + names);
        }
        if (!args.get(0).equals("demo")) {
            throw new UsageException("unknown command \"" + args.get(0) + "\"; allowed: demo");
        }
        if (args.size() < 2 || args.get(1).startsWith("-")) {
            throw new UsageException("demo needs a name; available demos: " + names);
        }
        String name = args.get(1);
        Demo demo = demos.get(name);
        if (demo == null) {
            throw new UsageException("unknown demo \"" + name + "\"; available demos: " + names);
        }
        String tasksText = null;
        String secondsText = null;
        String svgText = null;
        String traceText = null;
        for (int i = 2; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                option = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!List.of("--tasks", "--seconds", "--svg", "--trace").contains(option)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + option + "; allowed: --tasks, --seconds, --svg, --trace, --help"
                        : "unexpected argument \"" + arg + "\"; allowed after the demo's name: options only");
            }
            Optional<String> why = switch (option) {
                case "--tasks" -> demo.tasks().without();
                case "--seconds" -> demo.seconds().without();
                default -> demo.drawsTimeline() ? Optional.empty() : Optional.of("it draws no timeline");
            };
            if (why.isPresent()) {
                throw new UsageException(option + " does not apply to demo " + name + ": " + why.get());
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(option + " needs a value");
                }
                value = args.get(++i);
            }
            switch (option) {
                case "--tasks" -> tasksText = once(option, tasksText, value);
                case "--seconds" -> secondsText = once(option, secondsText, value);
                case "--svg" -> svgText = once(option, svgText, value);
                default -> traceText = once(option, traceText, value);
            }
        }
        int tasks = demo.tasks().byDefault();
        if (tasksText != null) {
            long n;
            try {
                n = Long.parseLong(tasksText.strip());
            } catch (NumberFormatException e) {
                throw new UsageException("--tasks = \"" + tasksText + "\" is not a whole number; allowed: 1 to " + demo.tasks().max());
            }
            if (n < 1 || n > demo.tasks().max()) {
                throw new UsageException("--tasks = " + n + " is out of range; allowed: 1 to " + demo.tasks().max() + " for demo " + name
                        + " (" + demo.tasks().cap() + ")");
            }
            tasks = (int) n;
        }
        double max = demo.seconds().max(tasks);
        double min = demo.seconds().min();
        String allowed = "allowed: " + Text.number(min) + " to " + Text.number(max);
        double seconds = Math.min(demo.seconds().byDefault(), max);
        if (secondsText != null) {
            double s;
            try {
                s = Double.parseDouble(secondsText.strip());
            } catch (NumberFormatException e) {
                s = Double.NaN;
            }
            if (Double.isNaN(s)) {
                throw new UsageException("--seconds = \"" + secondsText + "\" is not a number; " + allowed);
            }
            if (s < min || s > max) {
                throw new UsageException("--seconds = " + secondsText.strip() + " is out of range; " + allowed
                        + " with " + tasks + (tasks == 1 ? " task" : " tasks") + " (" + demo.seconds().maxReason() + ")");
            }
            seconds = s;
        }
        return new Request(name, demo, tasks, seconds, file("--svg", svgText), file("--trace", traceText));
    }

    private static String once(String option, String before, String value) throws UsageException {
        if (before != null) {
            throw new UsageException(option + " is given twice; allowed: once");
        }
        return value;
    }

    private static Path file(String option, String text) throws UsageException {
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw new UsageException(option + " needs a file name");
        }
        Path p;
        try {
            p = Path.of(text).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new UsageException(option + " = \"" + text + "\" is not a file name: " + e.getReason());
        }
        Path folder = p.getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new UsageException(option + " = \"" + text + "\": the folder " + folder + " does not exist; allowed: a file in an existing folder");
        }
        if (Files.isDirectory(p)) {
            throw new UsageException(option + " = \"" + text + "\" is a folder; allowed: a file name");
        }
        return p;
    }

    private static int execute(Request r, PrintStream out, PrintStream err) {
        Optional<String> missing = r.demo().missing();
        if (missing.isPresent()) {
            err.println("error: demo " + r.name() + " cannot run on this machine: " + missing.get());
            err.flush();
            return MISSING;
        }
        String size = r.demo().tasks().without().isPresent() ? ""
                : ": " + r.tasks() + (r.tasks() == 1 ? " task" : " tasks")
                + (r.demo().seconds().without().isPresent() ? "" : " of " + Text.number(r.seconds()) + " s");
        out.println("=== demo " + r.name() + size + " ===");
        List<Report> reports;
        try {
            reports = r.demo().run(new Demo.Settings(r.tasks(), r.seconds(), out));
        } catch (InterruptedException e) {
            out.flush();
            err.println("error: demo " + r.name() + " was interrupted: " + e.getMessage());
            return FAILED;
        } catch (IllegalStateException e) {
            out.flush();
            err.println("error: demo " + r.name() + " failed: " + e.getMessage());
            return FAILED;
        } catch (IllegalArgumentException e) {
            out.flush();
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        int code = OK;
        List<Report> drawn = new ArrayList<>(reports);
        if (!drawn.isEmpty()) {
            Timeline timeline = Timeline.compare(drawn);
            out.println();
            out.println(timeline);
            out.flush();
            try {
                if (r.svg() != null) {
                    Files.writeString(r.svg(), timeline.toSvg(), StandardCharsets.UTF_8);
                    out.println("wrote the timeline to " + r.svg());
                }
            } catch (IOException e) {
                err.println("error: cannot write --svg " + r.svg() + ": " + e.getMessage());
                code = FAILED;
            }
            try {
                if (r.trace() != null) {
                    Trace.of(drawn).write(r.trace());
                    out.println("wrote the trace to " + r.trace() + " (open it in Perfetto or chrome://tracing)");
                }
            } catch (UncheckedIOException e) {
                err.println("error: " + e.getMessage());
                code = FAILED;
            }
        } else if (r.svg() != null || r.trace() != null) {
            err.println("error: demo " + r.name() + " draws no timeline; --svg and --trace do not apply");
            code = USAGE;
        }
        List<String> bad = new ArrayList<>();
        for (Report rep : reports) {
            if (!rep.ok()) {
                bad.add(rep.runner());
            }
        }
        if (!bad.isEmpty()) {
            err.println("error: not every task ended well in: " + String.join(", ", bad));
            code = code == OK ? FAILED : code;
        }
        out.flush();
        err.flush();
        return code;
    }
}
