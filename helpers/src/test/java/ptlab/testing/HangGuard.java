package ptlab.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * How long a test waits for something that would otherwise hang the build: long enough that only a hang fails it,
 * never a slow or busy machine. It is not a speed claim; the speeds are measured by the benchmarks ({@code bench/}).
 */
public final class HangGuard {

    /** The wait before a test calls it a hang: {@value} ms. */
    public static final long MILLIS = 30_000;

    private HangGuard() {
    }

    /** Waits until {@code thread} has ended; fails when it still runs after {@link #MILLIS}. */
    public static void join(Thread thread) throws InterruptedException {
        thread.join(MILLIS);
        assertFalse(thread.isAlive(), thread.getName() + " still runs after " + MILLIS / 1000 + " s: a hang");
    }
}
