package ptlab.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import ptlab.task.Machine;

/**
 * The Java half of {@code make bench}: measures the helper's own costs next to the machine's floors and prints one
 * row per figure; with {@code --json FILE} also writes the rows there, one JSON object a line.
 *
 * <pre>
 * java -cp ptlab-helpers.jar:ptlab-bench.jar ptlab.bench.Bench [--smoke] [--json FILE] [FIGURE...]
 * </pre>
 * Figures: {@code child thread event switch slices sleep speedup} (default: all). {@code --smoke} runs each once, small.
 */
public final class Bench {

    private Bench() {
    }

    /**
     * Runs the benchmarks.
     *
     * @param args see the class description
     * @throws Exception when a benchmark fails (a number never fails it)
     */
    public static void main(String[] args) throws Exception {
        boolean smoke = false;
        Path json = null;
        List<String> figures = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--json" -> json = Path.of(args[++i]);
                default -> figures.add(args[i]);
            }
        }
        if (figures.isEmpty()) {
            figures = List.of("child", "thread", "event", "switch", "slices", "sleep", "speedup");
        }
        PrintStream out = System.out;
        out.println(Machine.current().describe());
        out.println(Machine.current().cpuNote());
        List<Row> rows = new ArrayList<>();
        List<String> crashed = new ArrayList<>();
        Path dir = Files.createTempDirectory("ptlab-bench-");
        try {
            for (String f : figures) {
                long t0 = System.nanoTime();
                List<Row> got;
                try {
                    got = figure(f, dir, smoke);
                } catch (IllegalArgumentException e) {
                    throw e;
                } catch (Exception e) { // one figure crashing loses only its own rows; the run still fails
                    e.printStackTrace();
                    crashed.add(f);
                    got = List.of(new Row(f + " figure", "CRASHED", "", "", "", "", e.toString()));
                }
                for (Row r : got) {
                    out.println("| " + r.figure() + " | " + r.ours() + " | " + r.other() + " | " + r.ratio() + " | " + r.goal()
                            + " | " + r.met() + " |");
                }
                out.printf(Locale.ROOT, "(%s: %.1f s)%n", f, (System.nanoTime() - t0) / 1e9);
                rows.addAll(got);
            }
        } finally {
            delete(dir);
        }
        if (json != null) {
            List<String> lines = rows.stream().map(Row::toJson).toList();
            Files.write(json, lines, StandardCharsets.UTF_8);
        }
        if (!crashed.isEmpty()) {
            System.err.println("figures that crashed: " + String.join(", ", crashed));
            System.exit(1);
        }
    }

    private static List<Row> figure(String f, Path dir, boolean smoke) throws Exception {
        return switch (f) {
            case "child" -> new ChildStart(dir).measure(smoke ? 1 : 10);
            case "thread" -> new ThreadStart().measure(smoke ? 1 : 50);
            case "event" -> eventCost(smoke);
            case "switch" -> new Switches().measure(smoke ? 1 : 11, smoke ? 100 : 5_000);
            case "slices" -> new SliceCost().measure(smoke ? 1 : 15, Duration.ofMillis(smoke ? 20 : 200));
            case "sleep" -> new SleepError().measure(smoke ? 2 : 40, Duration.ofMillis(smoke ? 1 : 10));
            case "speedup" -> new SpeedUp().measure(smoke ? 20 : 500, smoke ? 1 : 3);
            default -> throw new IllegalArgumentException("figure = " + f
                    + " is not known; allowed: child, thread, event, switch, slices, sleep, speedup");
        };
    }

    private static List<Row> eventCost(boolean smoke) throws Exception {
        OptionsBuilder o = new OptionsBuilder();
        o.include(EventCost.class.getName() + "\\.");
        if (smoke) {
            o.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100));
        } else {
            o.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1));
        }
        Options opts = o.shouldFailOnError(true).build();
        Collection<RunResult> results = new org.openjdk.jmh.runner.Runner(opts).run();
        List<Row> rows = new ArrayList<>();
        double record = -1;
        StringBuilder parts = new StringBuilder();
        for (RunResult r : results) {
            Result<?> p = r.getPrimaryResult();
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            if (name.equals("record")) {
                record = p.getScore();
            }
            parts.append(parts.isEmpty() ? "" : "; ").append(name).append(' ').append(Stats.num(p.getScore()))
                    .append(Double.isNaN(p.getScoreError()) ? "" : " ± " + Stats.num(p.getScoreError())).append(" ns");
        }
        if (record < 0) {
            throw new IllegalStateException("JMH gave no result for EventCost.record");
        }
        rows.add(new Row("helper: cost of recording one event", Stats.num(record) + " ns/op", "", "", "< 1 µs",
                Row.met(record < 1000), "JMH (" + (smoke ? "smoke: no fork, one 100 ms iteration" : "1 fork, 3+5 iterations of 1 s")
                        + "): " + parts));
        return rows;
    }

    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
