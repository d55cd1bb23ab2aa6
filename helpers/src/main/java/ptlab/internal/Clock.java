package ptlab.internal;

import java.time.Instant;

/**
 * A monotonic clock that reads as epoch microseconds, so that times taken in different processes on one
 * machine can be compared.
 *
 * <p>An instance captures one (epoch, {@link System#nanoTime()}) pair when it is created (the anchor) and
 * derives every later reading from {@code nanoTime}: readings never go backwards, whatever the system clock
 * does, and two clocks anchored at about the same time in two processes agree to within the accuracy of
 * {@link Instant#now()} (microseconds on Linux). A run anchors a fresh clock when it starts and each child
 * JVM anchors its own when it starts, so slow drift of a long-lived JVM's anchor never enters a run.
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Clock {

    private final long anchorEpochMicros;
    private final long anchorNanos;

    private Clock(long anchorEpochMicros, long anchorNanos) {
        this.anchorEpochMicros = anchorEpochMicros;
        this.anchorNanos = anchorNanos;
    }

    /** A clock anchored now. */
    public static Clock anchorNow() {
        long before = System.nanoTime();
        Instant now = Instant.now();
        long after = System.nanoTime();
        long epochMicros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
        return new Clock(epochMicros, before + (after - before) / 2);
    }

    /** Now, in microseconds since the epoch (1970-01-01T00:00Z). */
    public long nowMicros() {
        return toMicros(System.nanoTime());
    }

    /** The epoch-microsecond reading that corresponds to a {@link System#nanoTime()} value of this JVM. */
    public long toMicros(long nanoTime) {
        return anchorEpochMicros + Math.floorDiv(nanoTime - anchorNanos, 1_000L);
    }

    /** The {@link System#nanoTime()} value of this JVM that corresponds to an epoch-microsecond reading. */
    public long toNanoTime(long epochMicros) {
        long deltaMicros = epochMicros - anchorEpochMicros;
        // saturate instead of overflowing for far-away readings
        if (deltaMicros > Long.MAX_VALUE / 2_000L) {
            return anchorNanos + Long.MAX_VALUE / 2;
        }
        if (deltaMicros < -Long.MAX_VALUE / 2_000L) {
            return anchorNanos - Long.MAX_VALUE / 2;
        }
        return anchorNanos + deltaMicros * 1_000L;
    }

    /** An epoch-microsecond reading as an {@link Instant}. */
    public static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }
}
