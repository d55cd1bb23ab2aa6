package ptlab.internal;

/**
 * The work of a CPU task: counting the primes below a number by trial division with odd divisors (deterministic,
 * allocation-free work for one core). One loop for the tasks that do it and the calibration that times it.
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Primes {

    /** No deadline. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private Primes() {
    }

    /**
     * Counts the primes below {@code n}. Returns -1 if the thread was interrupted (the interrupt status stays set) or
     * the deadline passed before the count was done; both are checked every 4096 numbers.
     *
     * @param n             0 to 2^30
     * @param deadlineNanos a {@link System#nanoTime()} value at which to stop, or {@link #NO_DEADLINE}
     * @param tick          run every 256 numbers (tens of microseconds of work), or null
     */
    public static long countBelow(long n, long deadlineNanos, Runnable tick) {
        Checks.range(n, 0, 1 << 30, "n", "");
        int limit = (int) n;
        if (limit <= 2) {
            return 0;
        }
        Thread current = Thread.currentThread();
        int count = 1; // 2
        for (int k = 3; k < limit; k += 2) {
            if ((k & 0xFFF) == 1 && (current.isInterrupted()
                    || deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos > 0)) {
                return -1;
            }
            if (tick != null && (k & 0x1FF) == 1) {
                tick.run();
            }
            boolean prime = true;
            for (int d = 3; d * d <= k; d += 2) { // k < 2^30, so d * d does not overflow
                if (k % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }
}
