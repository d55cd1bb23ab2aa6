package ptlab.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class MachineTest {

    private static Machine machine(int cpus, OptionalDouble quota) {
        return new Machine(cpus, quota, OptionalLong.of(2L << 30), "Linux 6.8 amd64", "25 (Vendor)", 4121, 4100);
    }

    @Test
    void describesItselfInOneLine() {
        assertEquals("2 CPUs, CPU quota none, memory limit 2048 MB, Linux 6.8 amd64, Java 25 (Vendor), pid 4121, parent pid 4100",
                machine(2, OptionalDouble.empty()).describe());
        assertEquals("1 CPU, CPU quota 1.5 CPUs, memory limit 2048 MB, Linux 6.8 amd64, Java 25 (Vendor), pid 4121, parent pid 4100",
                machine(1, OptionalDouble.of(1.5)).describe());
        String real = Machine.current().describe();
        assertTrue(real.matches("\\d+ CPUs?, CPU quota .+, pid " + ProcessHandle.current().pid() + ", parent pid \\d+"), real);
    }

    @Test
    void quotaLowersTheEffectiveCpus() {
        assertEquals(2, machine(2, OptionalDouble.empty()).effectiveCpus());
        assertEquals(1, machine(4, OptionalDouble.of(1.0)).effectiveCpus());
        assertEquals(2, machine(4, OptionalDouble.of(1.5)).effectiveCpus());
        assertEquals(1, machine(4, OptionalDouble.of(0.5)).effectiveCpus());
        assertEquals(2, machine(2, OptionalDouble.of(8)).effectiveCpus());
        assertEquals("1 CPU", machine(4, OptionalDouble.of(1.0)).cpuQuotaText());
        assertEquals("0.25 CPUs", machine(4, OptionalDouble.of(0.25)).cpuQuotaText());
    }

    @Test
    void withOneCpuItSaysNotToExpectASpeedUp() {
        String oneCpu = "with 1 CPU, threads take turns: expect no speed-up for CPU-bound work";
        assertEquals(oneCpu, machine(1, OptionalDouble.empty()).cpuNote());
        assertEquals(oneCpu, machine(8, OptionalDouble.of(1.0)).cpuNote());
        assertTrue(machine(2, OptionalDouble.empty()).cpuNote().startsWith("with 2 CPUs, up to 2 CPU-bound tasks"));
    }

    @Test
    void aReadingIsKeptForItsMaximumAgeThenReadAgain() {
        AtomicInteger reads = new AtomicInteger();
        Machine.Cache cache = new Machine.Cache(Duration.ofSeconds(1),
                () -> machine(reads.incrementAndGet(), OptionalDouble.empty()));
        long t0 = 5_000_000_000L;
        Machine first = cache.get(t0);
        assertEquals(1, reads.get());
        assertSame(first, cache.get(t0 + 999_999_999L), "younger than a second: the cached reading");
        assertEquals(1, reads.get());
        Machine second = cache.get(t0 + 1_000_000_000L);
        assertNotSame(first, second, "a second old: stale, read again");
        assertEquals(2, reads.get());
        assertEquals(2, second.cpus(), "the fresh reading's values");
        assertSame(second, cache.get(t0 + 1_500_000_000L));
        assertEquals(2, reads.get());
    }
}
