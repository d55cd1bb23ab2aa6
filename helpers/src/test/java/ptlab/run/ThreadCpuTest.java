package ptlab.run;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import ptlab.internal.Primes;

/** The thread CPU clock counts the CPU time of the thread that made it, and nothing on a virtual thread. */
class ThreadCpuTest {

    @Test
    void workAdvancesTheClockOfItsOwnThreadOnly() throws Exception {
        try (ThreadCpu mine = ThreadCpu.forCurrentThread()) {
            assertNotNull(mine);
            long before = mine.nanos();
            AtomicReference<long[]> other = new AtomicReference<>();
            Thread sleeper = new Thread(() -> {
                try (ThreadCpu cpu = ThreadCpu.forCurrentThread()) {
                    long a = cpu.nanos();
                    Thread.sleep(300);
                    other.set(new long[] {a, cpu.nanos()});
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sleeper.start();
            long count = Primes.countBelow(2_000_000, Primes.NO_DEADLINE, null);
            long after = mine.nanos();
            sleeper.join();
            assertTrue(count > 0);
            assertTrue(before >= 0 && after > before, before + " then " + after);
            long[] s = other.get();
            assertTrue(s[1] >= s[0], "a clock never goes back");
            assertTrue(s[1] - s[0] < after - before, "the sleeping thread used less CPU than this busy one: "
                    + (s[1] - s[0]) + " ns against " + (after - before) + " ns");
        }
    }

    @Test
    void aSleepIsANewTurnOnTheCpu() throws Exception {
        try (ThreadCpu mine = ThreadCpu.forCurrentThread()) {
            mine.nanos();
            long before = mine.turns();
            Thread.sleep(20); // leaves the CPU, comes back: one more turn at least
            mine.recent();
            long after = mine.turns();
            assertTrue(before >= 0 && after > before, before + " then " + after);
        }
    }

    @Test
    void aVirtualThreadHasNoClock() throws Exception {
        AtomicReference<ThreadCpu> got = new AtomicReference<>();
        Thread.ofVirtual().start(() -> got.set(ThreadCpu.forCurrentThread())).join();
        assertNull(got.get());
    }
}
