package ptlab.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class RaceTest {

    @Test
    void theVolatileCounterLosesUpdatesAtLeastOnceInSeveralTries() throws Exception {
        // On two or more cores, 4 threads x 2,000,000 volatile read-add-writes lose updates in practice on every
        // run; ten tries make a miss all but impossible. With one CPU it can legitimately lose none.
        long mostLost = 0;
        for (int i = 0; i < 10 && mostLost == 0; i++) {
            Race.Result r = Race.run(Counter.VOLATILE, 4, 2_000_000);
            assertEquals(8_000_000, r.expected());
            assertTrue(r.lost() >= 0, "a counter cannot gain updates: " + r);
            assertTrue(r.actual() > 0, r.toString());
            mostLost = Math.max(mostLost, r.lost());
        }
        if (Runtime.getRuntime().availableProcessors() >= 2) {
            assertTrue(mostLost > 0, "10 racy runs on " + Runtime.getRuntime().availableProcessors() + " CPUs lost nothing");
        }
    }

    @Test
    void thePlainCounterNeverGainsAndIsNotSafe() throws Exception {
        // A plain field may be kept in a register by the JIT, so whether it loses is up to the compiler and the
        // timing: only that it never counts more than expected is certain.
        assertFalse(Counter.PLAIN.safe());
        assertFalse(Counter.VOLATILE.safe());
        for (int i = 0; i < 3; i++) {
            Race.Result r = Race.run(Counter.PLAIN, 4, 1_000_000);
            assertTrue(r.lost() >= 0 && r.actual() > 0 && r.actual() <= r.expected(), r.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Counter.class, names = {"PLAIN", "VOLATILE"}, mode = EnumSource.Mode.EXCLUDE)
    void everyFixLosesNothing(Counter counter) throws Exception {
        assertTrue(counter.safe());
        for (int i = 0; i < 3; i++) {
            Race.Result r = Race.run(counter, 4, 500_000);
            assertEquals(2_000_000, r.actual(), r.toString());
            assertEquals(0, r.lost());
            assertTrue(r.elapsed().toNanos() > 0);
        }
    }

    @Test
    void oneThreadNeverLoses() throws Exception {
        Race.Result r = Race.run(Counter.PLAIN, 1, 100_000);
        assertEquals(100_000, r.actual());
        assertEquals(0, r.lost());
    }

    @Test
    void badArgumentsNameTheParameterAndTheRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> Race.run(Counter.PLAIN, 0, 10));
        assertTrue(e.getMessage().startsWith("threads = 0 is out of range; allowed: 1 to 64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Race.run(Counter.PLAIN, -3, 10));
        assertTrue(e.getMessage().startsWith("threads = -3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Race.run(Counter.PLAIN, 65, 10));
        assertTrue(e.getMessage().contains("allowed: 1 to 64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Race.run(Counter.PLAIN, 2, 0));
        assertTrue(e.getMessage().startsWith("increments = 0 is out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Race.run(Counter.PLAIN, 2, 10_000_001));
        assertTrue(e.getMessage().startsWith("increments = 10000001"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Race.run(Counter.PLAIN, 64, 10_000_000));
        assertTrue(e.getMessage().contains("Race.MAX_TOTAL_INCREMENTS"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Race.repeat(Counter.PLAIN, 2, 10, 0));
        assertTrue(e.getMessage().startsWith("tries = 0"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Race.run(null, 2, 10));
    }

    @Test
    void anInterruptStopsTheRaceAndLeavesNoThread() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Race.run(Counter.REENTRANT_LOCK, 8, 5_000_000); // several seconds on two cores
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "race-caller");
        caller.start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);
        assertTrue(!caller.isAlive());
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "the race took over 2 s to stop");
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("racer-")));
    }

    @Test
    void theDemoPrintsTheTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Race.demo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("expected 4000000"), s);
        for (Counter c : Counter.values()) {
            assertTrue(s.contains(c.name()), s);
        }
        assertTrue(s.contains("every fix lost none"), s);
    }

    @Test
    void theDemoTakesOneToEightThreads() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Race.demo(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1);
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("1 thread adds 1 to one shared counter 1,000,000 times: expected 1000000"), s);
        assertTrue(s.contains("One thread alone cannot race: no counter lost an update."), s);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        for (int bad : new int[] {0, Race.MAX_DEMO_THREADS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Race.demo(out, bad));
            assertTrue(e.getMessage().startsWith("threads = " + bad + " is out of range; allowed: 1 to 8"), e.getMessage());
        }
    }
}
