package ptlab.os;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ptlab.display.Table;
import ptlab.display.Tabular;
import ptlab.internal.Checks;
import ptlab.parallel.ChildJvm;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;
import ptlab.run.Work;

/**
 * What one context switch costs, between two threads of one process and between two processes, measured like with
 * like: a child JVM pinned to one CPU ({@code taskset -c}) sends one byte back and forth through two pipes, first
 * to a second thread of its own, then to a second child JVM (pinned to the same CPU: a child inherits its parent's
 * CPUs). With one CPU for both sides every hop is a switch: the sender blocks in {@code read}, the other side runs.
 * So one round trip is two switches, and a switch's cost here includes the two system calls around it. How often
 * the sending thread was switched out per round trip (voluntary and involuntary switches, from
 * {@code /proc/thread-self/status}; about 1) shows that each round trip really was a switch. Immutable.
 *
 * <pre>{@code
 * SwitchCost cost = SwitchCost.measure(5_000, 5);
 * display(cost);
 * }</pre>
 */
public final class SwitchCost implements Tabular {

    /** The most round trips per batch: {@value}. */
    public static final int MAX_ROUND_TRIPS = 200_000;

    /** The most batches: {@value}. */
    public static final int MAX_BATCHES = 20;

    /** The time bound of one measurement, both child JVMs' start included: 40 s. */
    public static final Duration BOUND = Duration.ofSeconds(40);

    private final int roundTrips;
    private final double[] threadNanos;
    private final double[] processNanos;
    private final double[] threadSwitches;
    private final double[] processSwitches;
    private final String cpus;

    private SwitchCost(int roundTrips, double[] threadNanos, double[] processNanos, double[] threadSwitches,
                       double[] processSwitches, String cpus) {
        this.roundTrips = roundTrips;
        this.threadNanos = threadNanos;
        this.processNanos = processNanos;
        this.threadSwitches = threadSwitches;
        this.processSwitches = processSwitches;
        this.cpus = cpus;
    }

    /**
     * Measures: one untimed batch of each to warm up, then {@code batches} timed batches of each, alternating.
     *
     * @param roundTrips round trips per batch, 100 to {@value #MAX_ROUND_TRIPS}
     * @param batches    1 to {@value #MAX_BATCHES}
     * @throws IllegalStateException when {@code taskset} is missing (it is in util-linux; not on macOS or Windows),
     *                               or the child failed
     * @throws InterruptedException  when the calling thread is interrupted; the children are gone by then
     */
    public static SwitchCost measure(int roundTrips, int batches) throws InterruptedException {
        Checks.range(roundTrips, 100, MAX_ROUND_TRIPS, "roundTrips", "(SwitchCost.MAX_ROUND_TRIPS)");
        Checks.range(batches, 1, MAX_BATCHES, "batches", "(SwitchCost.MAX_BATCHES)");
        Optional<String> taskset = ChildJvm.taskset();
        if (taskset.isEmpty()) {
            throw new IllegalStateException("taskset is not installed here (it is in util-linux, on Linux only): without "
                    + "pinning both sides to one CPU, a ping-pong on two CPUs measures wake-up latency, not switches");
        }
        String cpu = firstCpu(ChildJvm.allowedCpus());
        List<String> command = new ArrayList<>(List.of(taskset.get(), "-c", cpu));
        command.addAll(JavaCommand.of(SwitchPing.class, List.of(), List.of("--parent", Long.toString(Work.pid()),
                "--round-trips", Integer.toString(roundTrips), "--batches", Integer.toString(batches))));
        ChildProcess.Result r = ChildProcess.run("switch-ping", command, JavaCommand.environment(), BOUND, 1_000);
        List<double[]> th = new ArrayList<>();
        List<double[]> pr = new ArrayList<>();
        String allowed = "?";
        for (String line : r.stdout()) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && (f[0].equals("threads") || f[0].equals("processes"))) {
                (f[0].equals("threads") ? th : pr).add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
            } else if (f.length == 2 && f[0].equals("cpus")) {
                allowed = f[1];
            }
        }
        if (r.exit().code() != 0 || th.size() != batches || pr.size() != batches) {
            throw new IllegalStateException("the switch ping-pong child failed: " + r.exit().describe()
                    + (r.stderr().isEmpty() ? "" : "; " + String.join(" / ", r.stderr())));
        }
        return new SwitchCost(roundTrips, column(th, 0), column(pr, 0), column(th, 1), column(pr, 1), allowed);
    }

    private static double[] column(List<double[]> rows, int i) {
        return rows.stream().mapToDouble(row -> row[i]).toArray();
    }

    /** The lowest CPU of a list such as {@code 0-1} or {@code 2,5}, or {@code 0} when unknown. */
    static String firstCpu(String allowed) {
        try {
            return Integer.toString(Arrays.stream(allowed.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToInt(s -> Integer.parseInt(s.split("-")[0])).min().orElse(0));
        } catch (NumberFormatException e) {
            return "0";
        }
    }

    /** The median cost of one switch between two threads of one process, in µs (median of the batches). */
    public double threadMicros() {
        return median(threadNanos) / 1_000;
    }

    /** The median cost of one switch between two processes, in µs (median of the batches). */
    public double processMicros() {
        return median(processNanos) / 1_000;
    }

    /** The cheapest batch of switches between threads, in µs per switch: the floor this machine allows. */
    public double threadFloorMicros() {
        return Arrays.stream(threadNanos).min().orElseThrow() / 1_000;
    }

    /** The cheapest batch of switches between processes, in µs per switch. */
    public double processFloorMicros() {
        return Arrays.stream(processNanos).min().orElseThrow() / 1_000;
    }

    /** {@link #processMicros()} ÷ {@link #threadMicros()}: how much more a switch between processes costs. */
    public double ratio() {
        return processMicros() / threadMicros();
    }

    /** How often the sending thread was switched out per round trip with a thread (about 1), or -1 when unknown. */
    public double threadSwitchesPerRoundTrip() {
        return median(threadSwitches);
    }

    /** How often the sending thread was switched out per round trip with a process (about 1), or -1 when unknown. */
    public double processSwitchesPerRoundTrip() {
        return median(processSwitches);
    }

    /** The CPUs the measuring child was allowed, e.g. {@code 0}. */
    public String cpus() {
        return cpus;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The two rows, the ratio and how it was measured. */
    @Override
    public Table table() {
        Table.Builder t = Table.builder("ping-pong between", "µs per switch (median)", "fastest batch", "slowest batch",
                "sender switched out per round trip").alignRight(1, 2, 3, 4)
                .title("context switch cost: one byte through two pipes, both sides pinned to CPU " + cpus);
        t.row("two threads of one process", us(threadMicros()), us(threadFloorMicros()),
                us(Arrays.stream(threadNanos).max().orElseThrow() / 1_000), per(threadSwitchesPerRoundTrip()));
        t.row("two processes", us(processMicros()), us(processFloorMicros()),
                us(Arrays.stream(processNanos).max().orElseThrow() / 1_000), per(processSwitchesPerRoundTrip()));
        t.footer(String.format(Locale.ROOT, "processes ÷ threads: %.2fx (medians); %d batches of %d round trips each, "
                + "one round trip = two switches", ratio(), threadNanos.length, roundTrips));
        return t.build();
    }

    private static String us(double micros) {
        return String.format(Locale.ROOT, "%.2f µs", micros);
    }

    private static String per(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The table as text. */
    @Override
    public String toString() {
        return table().toString();
    }
}
