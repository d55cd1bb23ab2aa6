package ptlab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ptlab.Runner;
import ptlab.task.Calibration;
import ptlab.task.Limits;
import ptlab.task.Machine;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * CPU-bound speed-up with N Java threads, N = 1 to the CPUs this JVM has: N equal prime-counting tasks on N
 * threads, against one such task alone. Speed-up = N x T(1) / T(N): how much more work per second N threads do.
 */
final class SpeedUp {

    List<Row> measure(long targetMillis, int reps) throws Exception {
        Machine m = Machine.current();
        int cpus = m.cpus();
        long n = sizeFor(targetMillis);
        List<Row> rows = new ArrayList<>();
        double[] t1 = new double[reps];
        double[][] tn = new double[cpus + 1][reps];
        for (int r = 0; r < reps; r++) {
            for (int k = 1; k <= cpus; k++) {
                tn[k][r] = wall(k, n);
            }
        }
        t1 = tn[1];
        double base = Stats.of(t1).median();
        for (int k = 2; k <= cpus; k++) {
            double s = k * base / Stats.of(tn[k]).median();
            boolean goal = k == 2;
            rows.add(new Row("CPU-bound speed-up, " + k + " Java threads vs 1", Stats.num(s) + "x",
                    "ideal " + k + ".00x; T(1) " + Stats.of(t1).describe("ms") + ", T(" + k + ") " + Stats.of(tn[k]).describe("ms"),
                    String.format(java.util.Locale.ROOT, "%.0f%% of ideal", 100 * s / k), goal ? ">= 1.8x on 2 cores" : "",
                    goal ? Row.met(s >= 1.8) : "",
                    k + " tasks counting primes below " + n + " on " + k + " threads, against 1; " + m.describe() + "; "
                            + m.cpuNote()));
        }
        if (cpus == 1) {
            rows.add(new Row("CPU-bound speed-up", "n/a", "this JVM has 1 CPU", "", ">= 1.8x on 2 cores", "",
                    m.describe() + "; " + m.cpuNote()));
        }
        return rows;
    }

    /** A prime-counting size that takes about this long on one thread here (the largest there is, if more). */
    private static long sizeFor(long millis) {
        Calibration c = Calibration.get();
        Duration about = Duration.ofMillis(millis);
        return c.estimate(Limits.MAX_CPU_SIZE).compareTo(about) < 0 ? Limits.MAX_CPU_SIZE : c.sizeFor(about);
    }

    private static double wall(int k, long n) throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            tasks.add(Task.cpu("c" + i, n));
        }
        Report r = Runner.threads().quiet().run(tasks);
        if (!r.ok()) {
            throw new IllegalStateException("the CPU tasks did not run well: " + r);
        }
        return r.wall().toNanos() / 1e6;
    }
}
