package ptlab.bench;

import java.util.Arrays;
import java.util.Locale;

/** A sorted sample of measurements (any unit) with the few summary numbers the bench prints. */
final class Stats {

    private final double[] sorted;

    private Stats(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        this.sorted = values.clone();
        Arrays.sort(sorted);
    }

    static Stats of(double[] values) {
        return new Stats(values);
    }

    int count() {
        return sorted.length;
    }

    /** The q-quantile, 0 <= q <= 1, by linear interpolation between the nearest ranks. */
    double quantile(double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    double median() {
        return quantile(0.5);
    }

    double p95() {
        return quantile(0.95);
    }

    double min() {
        return sorted[0];
    }

    double max() {
        return sorted[sorted.length - 1];
    }

    /** E.g. {@code 41.2 ms (37.0 to 55.1, n=10)}: the median, then min to max. */
    String describe(String unit) {
        return String.format(Locale.ROOT, "%s %s (%s to %s, n=%d)", num(median()), unit, num(min()), num(max()), count());
    }

    /** A number with about three significant digits. */
    static String num(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
