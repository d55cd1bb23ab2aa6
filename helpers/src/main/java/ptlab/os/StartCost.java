package ptlab.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ptlab.display.Table;
import ptlab.display.Tabular;
import ptlab.internal.Checks;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;

/**
 * What it costs here to start something and wait for it to end, measured one at a time: a platform thread
 * ({@code new Thread(...).start(); join()}), a child JVM (the helper's {@link Sleeper}, which exits at once) and a
 * tiny native program ({@code /bin/true}), each through the helper's launcher, as every demo starts processes.
 * Reports the minimum, median and maximum of each. Immutable.
 *
 * <pre>{@code
 * display(StartCost.measure(30, 10, 10));
 * }</pre>
 */
public final class StartCost implements Tabular {

    /** The most threads measured in one call: {@value}. */
    public static final int MAX_THREADS = 1_000;

    /** The most child JVMs started in one call (one after the other): {@value}. */
    public static final int MAX_JVMS = 20;

    /** The most native programs started in one call (one after the other): {@value}. */
    public static final int MAX_PROGRAMS = 200;

    /** The time bound of one call: 30 s; what was not measured by then is left out, and the table says so. */
    public static final Duration BOUND = Duration.ofSeconds(30);

    /**
     * The measurements of one kind of start.
     *
     * @param what    what was started, e.g. {@code platform thread}
     * @param micros  every sample in µs, sorted
     */
    public record Sample(String what, long[] micros) {
        /** Checks and sorts a copy. */
        public Sample {
            Checks.notNull(what, "what");
            micros = micros.clone();
            Arrays.sort(micros);
        }

        /** How many were measured. */
        public int count() {
            return micros.length;
        }

        /** The smallest, in µs (-1 when none). */
        public long min() {
            return micros.length == 0 ? -1 : micros[0];
        }

        /** The median, in µs (-1 when none). */
        public long median() {
            return median(micros);
        }

        /** The largest, in µs (-1 when none). */
        public long max() {
            return micros.length == 0 ? -1 : micros[micros.length - 1];
        }

        /** The samples, sorted (a copy). */
        @Override
        public long[] micros() {
            return micros.clone();
        }

        static long median(long[] sorted) {
            if (sorted.length == 0) {
                return -1;
            }
            int m = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
        }
    }

    private final List<Sample> samples;
    private final String note;

    private StartCost(List<Sample> samples, String note) {
        this.samples = List.copyOf(samples);
        this.note = note;
    }

    /**
     * Measures, one at a time: {@code threads} platform threads, {@code jvms} child JVMs and {@code programs} runs of
     * {@code /bin/true} (left out where there is none).
     *
     * @param threads  1 to {@value #MAX_THREADS}
     * @param jvms     1 to {@value #MAX_JVMS}
     * @param programs 0 to {@value #MAX_PROGRAMS}
     * @throws InterruptedException when interrupted (a child being started is killed first)
     */
    public static StartCost measure(int threads, int jvms, int programs) throws InterruptedException {
        Checks.range(threads, 1, MAX_THREADS, "threads", "");
        Checks.range(jvms, 1, MAX_JVMS, "jvms", "");
        Checks.range(programs, 0, MAX_PROGRAMS, "programs", "");
        long deadline = System.nanoTime() + BOUND.toNanos();
        List<Sample> out = new ArrayList<>();
        String note = "";
        long[] t = new long[threads];
        int done = 0;
        for (; done < threads && System.nanoTime() < deadline; done++) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long t0 = System.nanoTime();
            Thread th = new Thread(() -> { }, "ptlab-start-cost");
            th.start();
            th.join();
            t[done] = (System.nanoTime() - t0) / 1_000;
        }
        out.add(new Sample("platform thread (start + join)", Arrays.copyOf(t, done)));
        List<String> jvm = JavaCommand.of(Sleeper.class, List.of("-XX:TieredStopAtLevel=1"), List.of("--hold-ms", "0"));
        out.add(new Sample("child JVM (start to exit)", processes(jvm, jvms, deadline)));
        if (programs > 0) {
            String trueProgram = Files.isExecutable(Path.of("/bin/true")) ? "/bin/true"
                    : Files.isExecutable(Path.of("/usr/bin/true")) ? "/usr/bin/true" : null;
            if (trueProgram == null) {
                note = "there is no /bin/true here, so no native program was measured";
            } else {
                out.add(new Sample("native program /bin/true (start to exit)", processes(List.of(trueProgram), programs, deadline)));
            }
        }
        for (Sample s : out) {
            if (s.count() < (s.what().startsWith("platform") ? threads : s.what().startsWith("child") ? jvms : programs)) {
                note = "the " + BOUND.toSeconds() + " s bound passed: some starts were not measured (see n)";
            }
        }
        return new StartCost(out, note);
    }

    private static long[] processes(List<String> command, int n, long deadline) throws InterruptedException {
        long[] micros = new long[n];
        int done = 0;
        for (; done < n && System.nanoTime() < deadline; done++) {
            long t0 = System.nanoTime();
            ChildProcess.Result r = ChildProcess.run("start-cost", command, JavaCommand.environment(), Duration.ofSeconds(20), 10);
            long took = (System.nanoTime() - t0) / 1_000;
            if (r.exit().code() != 0) {
                throw new IllegalStateException(String.join(" ", command.subList(0, 1)) + " " + r.exit().describe() + ": " + r.stderr());
            }
            micros[done] = took;
        }
        return Arrays.copyOf(micros, done);
    }

    /** The measurements, threads first. */
    public List<Sample> samples() {
        return samples;
    }

    /** The sample whose description starts with {@code prefix} (e.g. {@code "child JVM"}). */
    public Sample sample(String prefix) {
        Checks.notNull(prefix, "prefix");
        return samples.stream().filter(s -> s.what().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("prefix = \"" + prefix + "\" starts no sample; allowed: a prefix of one of "
                        + samples.stream().map(Sample::what).toList()));
    }

    /** How many times the median child JVM start costs the median thread start. */
    public double jvmPerThread() {
        return ratio(sample("child JVM").median(), sample("platform thread").median());
    }

    private static double ratio(long a, long b) {
        return b <= 0 ? Double.NaN : (double) a / b;
    }

    /** A note on what could not be measured, or empty. */
    public String note() {
        return note;
    }

    /** One row per kind: n, min, median, max, and the median against a thread's. */
    @Override
    public Table table() {
        long thread = sample("platform thread").median();
        Table.Builder b = Table.builder("started", "n", "min", "median", "max", "median vs thread").alignRight(1, 2, 3, 4, 5)
                .title("cost of starting, one at a time, measured here");
        for (Sample s : samples) {
            b.row(s.what(), s.count(), micros(s.min()), micros(s.median()), micros(s.max()),
                    s.median() < 0 || thread <= 0 ? "?" : String.format(Locale.ROOT, "%.0fx", ratio(s.median(), thread)));
        }
        if (!note.isEmpty()) {
            b.footer(note);
        }
        return b.build();
    }

    /** µs below 10 ms, ms above: {@code 85 µs}, {@code 12.3 ms}. */
    static String micros(long us) {
        if (us < 0) {
            return "?";
        }
        return us < 10_000 ? us + " µs" : String.format(Locale.ROOT, "%.1f ms", us / 1000.0);
    }


    /** The table's text. */
    @Override
    public String toString() {
        return table().toString();
    }
}
