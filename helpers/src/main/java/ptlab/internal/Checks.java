package ptlab.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Argument checks with messages that name the parameter, the value and the allowed range, e.g.
 * {@code seconds = -1.0 is out of range; allowed: more than 0 and at most 30 s}.
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Checks {

    private Checks() {
    }

    /** Throws {@link NullPointerException} "{@code param} must not be null" when {@code value} is null. */
    public static <T> T notNull(T value, String param) {
        return Objects.requireNonNull(value, () -> param + " must not be null");
    }

    /** Checks that {@code value} lies in [{@code min}, {@code max}]; {@code unit} may be empty. */
    public static long range(long value, long min, long max, String param, String unit) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(param + " = " + value + " is out of range; allowed: " + min + " to " + max
                    + (unit.isEmpty() ? "" : " " + unit));
        }
        return value;
    }

    /** Like {@link #range(long, long, long, String, String)} for {@code int}. */
    public static int range(int value, int min, int max, String param, String unit) {
        return (int) range((long) value, min, max, param, unit);
    }

    /**
     * Checks a count against a documented cap; the message names the cap's constant, e.g.
     * {@code tasks: 100 is over the cap of 64 platform threads per run (Limits.MAX_PLATFORM_THREADS)}.
     */
    public static void cap(long value, long cap, String param, String what, String constant) {
        if (value > cap) {
            throw new IllegalArgumentException(param + ": " + value + " is over the cap of " + cap + " " + what
                    + " (" + constant + ")");
        }
    }

    /** Checks a duration lies in (0, {@code max}], with at least microsecond size. */
    public static Duration positiveDuration(Duration value, Duration max, String param) {
        notNull(value, param);
        if (value.isNegative() || value.compareTo(Duration.ofNanos(1_000)) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(param + " = " + Text.duration(value) + " is out of range; allowed: 1 µs to "
                    + Text.duration(max));
        }
        return value;
    }

    /** Checks a duration of whole-millisecond scale (a time bound, a task's length): not null, 1 ms to {@code max}. */
    public static Duration millisDuration(Duration value, Duration max, String param) {
        notNull(value, param);
        if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(param + " = " + Text.duration(value) + " is out of range; allowed: 1 ms to "
                    + Text.duration(max));
        }
        return value;
    }

    /** Checks seconds given as a double: finite, more than 0, at most {@code max}. */
    public static double positiveSeconds(double seconds, Duration max, String param) {
        double maxSeconds = max.toNanos() / 1e9;
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 1e-6 || seconds > maxSeconds) {
            throw new IllegalArgumentException(param + " = " + seconds + " is out of range; allowed: 0.000001 to "
                    + Text.number(maxSeconds) + " seconds");
        }
        return seconds;
    }

    /**
     * Checks a name a student gives: not null, not blank, at most {@code maxLength} characters, no control
     * characters (they would break the printed lines and tables).
     */
    public static String name(String value, String param, int maxLength) {
        notNull(value, param);
        if (value.isBlank()) {
            throw new IllegalArgumentException(param + " must not be blank; allowed: 1 to " + maxLength
                    + " characters, not all spaces");
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            throw new IllegalArgumentException(param + " has " + length + " characters; allowed: 1 to " + maxLength);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(param + " contains the control character U+"
                        + String.format("%04X", (int) c) + " at index " + i + "; allowed: printable characters");
            }
        }
        return value;
    }

    /** Checks a list is not null, has no null element and has 1 to {@code max} elements. */
    public static <T> List<T> nonEmptyList(List<T> list, String param, int max, String what, String constant) {
        notNull(list, param);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new NullPointerException(param + "[" + i + "] must not be null");
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(param + " must not be empty; allowed: 1 to " + max + " " + what);
        }
        cap(list.size(), max, param, what, constant);
        return List.copyOf(list);
    }

    /** Checks an array is not null and has no null element. */
    public static <T> T[] noNulls(T[] array, String param) {
        notNull(array, param);
        for (int i = 0; i < array.length; i++) {
            if (array[i] == null) {
                throw new NullPointerException(param + "[" + i + "] must not be null");
            }
        }
        return array;
    }
}
