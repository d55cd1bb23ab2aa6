package ptlab.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.parallel.ChildJvm;
import ptlab.testing.NoLeftovers;

/** The switch ping-pong: its arguments, the CPU it pins to, and a small real measurement. */
@ExtendWith(NoLeftovers.class)
class SwitchCostTest {

    @Test
    void badCountsAreRefusedNamingTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SwitchCost.measure(10, 1)).getMessage()
                .startsWith("roundTrips"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SwitchCost.measure(1_000, 0)).getMessage()
                .startsWith("batches"));
    }

    @Test
    void theFirstAllowedCpuIsPinnedTo() {
        assertEquals("0", SwitchCost.firstCpu("0-1"));
        assertEquals("2", SwitchCost.firstCpu("5,2-3"));
        assertEquals("0", SwitchCost.firstCpu("?"));
    }

    @Test
    void everyRoundTripIsASwitchOfTheSenderAndBothCostsAreMeasured() throws Exception {
        assumeTrue(ChildJvm.taskset().isPresent(), "no taskset here");
        SwitchCost c = SwitchCost.measure(500, 2);
        assertTrue(c.threadFloorMicros() > 0 && c.threadFloorMicros() <= c.threadMicros(), c.toString());
        assertTrue(c.processFloorMicros() > 0 && c.processFloorMicros() <= c.processMicros(), c.toString());
        // pinned to one CPU, the sender cannot go on until the other side has run: switched out once per round trip
        assertTrue(c.threadSwitchesPerRoundTrip() >= 0.9 && c.processSwitchesPerRoundTrip() >= 0.9, c.toString());
        assertTrue(c.cpus().matches("\\d+"), "one CPU: " + c.cpus());
        assertTrue(c.toString().contains("processes ÷ threads"), c.toString());
    }
}
