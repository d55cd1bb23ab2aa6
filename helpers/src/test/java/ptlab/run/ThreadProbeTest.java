package ptlab.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * The probe's arithmetic, fed the readings a thread would see: a wait is the wall time off the CPU since the last exact
 * reading, and a stall on the CPU (no new turn) neither counts as a wait nor spoils the next one.
 */
class ThreadProbeTest {

    private static final long MS = 1_000_000L;

    @Test
    void aReturnToTheCpuNotesTheTimeOffIt() {
        ThreadProbe probe = new ThreadProbe(null, 0, 0, 5);
        // ran 15 ms, switched out at 15 ms, back at 21 ms: the count is exact (brought up to date when it left)
        probe.gap(21 * MS, 6 * MS, 15 * MS, 6);
        assertArrayEquals(new long[] {15 * MS, 21 * MS}, probe.waits());
    }

    @Test
    void aStallOnItsCpuIsNoWaitAndLeavesTheNextWaitWhole() {
        ThreadProbe probe = new ThreadProbe(null, 0, 0, 5);
        // at 10.2 ms a 0.2 ms stall without a switch (an interrupt): the count read then lags, at 8 ms of CPU
        probe.gap(10_200_000, 200_000, 8 * MS, 5);
        // switched out at 15 ms, back at 21 ms: the wait is 15 to 21 ms, not shortened by the lagging reading
        probe.gap(21 * MS, 6 * MS, 15 * MS, 6);
        assertArrayEquals(new long[] {15 * MS, 21 * MS}, probe.waits());
    }

    @Test
    void withoutACountOfTurnsEveryGapIsAReturn() {
        ThreadProbe probe = new ThreadProbe(null, 0, 0, -1);
        // a clock that is always exact (the JVM's own): 2 ms off the CPU at 10 to 12 ms
        probe.gap(12 * MS, 2 * MS, 10 * MS, -1);
        assertArrayEquals(new long[] {10 * MS, 12 * MS}, probe.waits());
    }
}
