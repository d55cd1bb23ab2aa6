package ptlab.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.Runner;
import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class CalibrationTest {

    @Test
    void sizesGrowWithTimeAndInvertTheEstimate() {
        Calibration c = Calibration.ofProbeTime(Duration.ofMillis(100));
        assertEquals(Duration.ofMillis(100), c.estimate(Calibration.PROBE_SIZE));
        long previous = 0;
        for (int ms : new int[] {1, 10, 100, 1_000, 5_000}) {
            long n = c.sizeFor(Duration.ofMillis(ms));
            assertTrue(n > previous, ms + " ms -> " + n);
            previous = n;
            double back = c.estimate(n).toNanos() / 1e6;
            assertTrue(Math.abs(back - ms) / ms < 0.01, ms + " ms -> n = " + n + " -> " + back + " ms");
        }
        assertEquals(Calibration.PROBE_SIZE, c.sizeFor(Duration.ofMillis(100)), 2);
    }

    @Test
    void aFastMachineCannotAskForMoreThanTheCap() {
        Calibration fast = Calibration.ofProbeTime(Duration.ofMillis(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fast.sizeFor(Duration.ofSeconds(30)));
        assertTrue(e.getMessage().startsWith("about = 30000 ms needs more than n = " + Limits.MAX_CPU_SIZE), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fast.sizeFor(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> fast.sizeFor(null));
    }

    @Test
    void theMeasuredCalibrationIsKeptAndUsed() throws Exception {
        Calibration c = Calibration.get();
        assertSame(c, Calibration.get());
        assertTrue(c.probeTime().compareTo(Duration.ZERO) > 0);
        Task t = Task.cpuCalibrated("A", Duration.ofMillis(50));
        assertEquals(c.sizeFor(Duration.ofMillis(50)), t.size());
        Report r = Runner.sequential().quiet().run(t);
        assertTrue(r.ok());
    }
}
