package ptlab.task;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;

import ptlab.internal.Checks;
import ptlab.internal.Primes;

/**
 * A measurement of how fast this machine counts primes on one core, so that notebooks can ask for a CPU task
 * that takes <em>about</em> a given time ({@link Task#cpuCalibrated(String, Duration)}) instead of guessing a
 * size that is right for one machine only.
 *
 * <p>How: warm the code up (so the JIT compiler has done its work), then time counting the primes below
 * {@value #PROBE_SIZE} twice, keep the faster, and extrapolate with the cost model of trial division,
 * time ≈ c · n<sup>1.5</sup> / ln n. It takes about 0.3 s and uses one core; the estimate is rough (±20 % is
 * normal), slower on a busy machine, and a fresh child JVM starts slower still until its JIT has warmed up.
 */
public final class Calibration {

    /** The size the measurement times: the primes below 1,500,000. */
    public static final long PROBE_SIZE = 1_500_000L;

    private static volatile Calibration cached;

    private final long probeNanos;
    private final double nanosPerUnit;

    private Calibration(long probeNanos) {
        this.probeNanos = Math.max(1, probeNanos);
        this.nanosPerUnit = this.probeNanos / model(PROBE_SIZE);
    }

    /**
     * The calibration of this JVM: measured the first time it is asked for (about 0.3 s), then kept.
     *
     * @throws CancellationException if the thread is interrupted while measuring (its interrupt status stays set)
     */
    public static Calibration get() {
        Calibration c = cached;
        if (c == null) {
            synchronized (Calibration.class) {
                c = cached;
                if (c == null) {
                    c = measure();
                    cached = c;
                }
            }
        }
        return c;
    }

    /**
     * A fresh measurement (does not change the one {@link #get()} keeps).
     *
     * @throws CancellationException if the thread is interrupted while measuring (its interrupt status stays set)
     */
    public static Calibration measure() {
        for (int i = 0; i < 4; i++) {
            timed(300_000L);
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            best = Math.min(best, timed(PROBE_SIZE));
        }
        return new Calibration(best);
    }

    /** A calibration from a known time for the probe size (for tests and for reusing a measurement). */
    static Calibration ofProbeTime(Duration probeTime) {
        Checks.positiveDuration(probeTime, Duration.ofHours(1), "probeTime");
        return new Calibration(probeTime.toNanos());
    }

    /** How long counting the primes below {@value #PROBE_SIZE} took, the fastest of two tries. */
    public Duration probeTime() {
        return Duration.ofNanos(probeNanos);
    }

    /**
     * The {@code n} for {@link Task#cpu(String, long)} that takes about {@code about} on one free core.
     *
     * @param about 1 ms to {@link Limits#MAX_TASK_DURATION}
     * @throws IllegalArgumentException also when this machine would need an {@code n} over {@link Limits#MAX_CPU_SIZE}
     */
    public long sizeFor(Duration about) {
        Checks.positiveDuration(about, Limits.MAX_TASK_DURATION, "about");
        double target = about.toNanos();
        if (estimateNanos(Limits.MAX_CPU_SIZE) < target) {
            throw new IllegalArgumentException("about = " + about.toMillis() + " ms needs more than n = " + Limits.MAX_CPU_SIZE
                    + " on this machine (Limits.MAX_CPU_SIZE); allowed: up to about "
                    + String.format(Locale.ROOT, "%.1f s", estimateNanos(Limits.MAX_CPU_SIZE) / 1e9));
        }
        long lo = 3;
        long hi = Limits.MAX_CPU_SIZE;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (estimateNanos(mid) < target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** About how long counting the primes below {@code n} takes on one free core of this machine. */
    public Duration estimate(long n) {
        Checks.range(n, 1, Limits.MAX_CPU_SIZE, "n", "");
        return Duration.ofNanos(Math.round(estimateNanos(n)));
    }

    /** E.g. {@code Calibration[primes below 1500000 in 0.110 s on one core]}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Calibration[primes below %d in %.3f s on one core]", PROBE_SIZE, probeNanos / 1e9);
    }

    private double estimateNanos(long n) {
        return nanosPerUnit * model(n);
    }

    /** Trial division's cost grows like n^1.5 / ln n (the primes dominate: each needs about √p / 2 divisions). */
    private static double model(long n) {
        double x = Math.max(n, 3);
        return Math.pow(x, 1.5) / Math.log(x);
    }

    private static long timed(long n) {
        long t0 = System.nanoTime();
        long count = Primes.countBelow(n, Primes.NO_DEADLINE, null);
        long t1 = System.nanoTime();
        if (count < 0) {
            throw new CancellationException("calibration interrupted");
        }
        return t1 - t0;
    }
}
