package ptlab.internal;

import java.time.Duration;
import java.util.Locale;

/**
 * Number and duration formats shared by the live lines, tables and messages: locale-independent, so
 * notebooks and tests can read them.
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Text {

    private Text() {
    }

    /** Seconds with three decimals and a unit, e.g. {@code 1.001 s}. */
    public static String seconds(long micros) {
        // by hand, not String.format: this runs in a cold child JVM, where loading Formatter costs milliseconds
        long millis = Math.round(micros / 1_000.0);
        long abs = Math.abs(millis);
        String frac = Long.toString(abs % 1_000);
        return (millis < 0 ? "-" : "") + abs / 1_000 + "." + "000".substring(frac.length()) + frac + " s";
    }

    /** Milliseconds with one decimal and a unit, e.g. {@code 2.9 ms}. */
    public static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1_000.0);
    }

    /** A duration for messages: {@code 30 s}, {@code 1.5 s}, {@code 250 ms}, {@code 20 µs}. */
    public static String duration(Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            return d.toString();
        }
        if (Math.abs(nanos) >= 1_000_000_000L) {
            return number(nanos / 1e9) + " s";
        }
        if (Math.abs(nanos) >= 1_000_000L) {
            return number(nanos / 1e6) + " ms";
        }
        if (Math.abs(nanos) >= 1_000L) {
            return number(nanos / 1e3) + " µs";
        }
        return nanos + " ns";
    }

    /** A number without trailing zeros: {@code 30}, {@code 1.5}, {@code 0.000001}. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String s = String.format(Locale.ROOT, "%.6f", value);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** Cuts {@code s} to at most {@code max} characters, marking the cut with an ellipsis. */
    public static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, Math.max(0, end)) + "…";
    }

    /** Number of code points (what a monospace table counts as width). */
    public static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
