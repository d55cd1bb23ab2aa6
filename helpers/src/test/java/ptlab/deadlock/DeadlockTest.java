package ptlab.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class DeadlockTest {

    private static boolean anyDemoThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(Deadlock.THREAD_A) || t.getName().equals(Deadlock.THREAD_B));
    }

    @Test
    void theDeadlockIsDetectedAndBrokenWithinTheBound() throws Exception {
        long t0 = System.nanoTime();
        Deadlock.Result r = Deadlock.provoke(Duration.ofSeconds(5));
        long took = System.nanoTime() - t0;
        assertTrue(r.deadlocked(), r.toString());
        assertTrue(r.detectedAfter().orElseThrow().compareTo(Duration.ofSeconds(5)) < 0);
        assertTrue(took < 5_000_000_000L + 2_500_000_000L, "took " + took / 1e9 + " s");
        Cycle c = r.cycle().orElseThrow();
        assertEquals(List.of("thread-A", "thread-B"), c.threads());
        assertEquals(List.of("lock 1", "lock 2"), c.locks());
        assertEquals(new Cycle.Link("thread-A", "lock 1", "lock 2", "thread-B"), c.links().get(0));
        assertEquals(new Cycle.Link("thread-B", "lock 2", "lock 1", "thread-A"), c.links().get(1));
        assertEquals("thread-A holds lock 1 and waits for lock 2, held by thread-B; "
                + "thread-B holds lock 2 and waits for lock 1, held by thread-A", c.describe());
        assertEquals(List.of("thread-B"), r.interrupted().stream().toList());
        assertEquals(List.of("thread-A"), r.finished(), "A gets lock 2 once B gives up");
        assertTrue(r.threadsGone());
        assertFalse(anyDemoThreadAlive());
        assertTrue(r.log().stream().anyMatch(l -> l.contains("thread-B") && l.contains("interrupted while waiting for lock 1")),
                r.toString());
    }

    @Test
    void lockOrderingRunsToCompletion() throws Exception {
        Deadlock.Result r = Deadlock.withLockOrdering();
        assertFalse(r.deadlocked());
        assertEquals(List.of("thread-A", "thread-B"), r.finished(), r.toString());
        assertTrue(r.threadsGone());
        assertTrue(r.log().stream().anyMatch(l -> l.contains("sees thread-B waiting for lock 1")), r.toString());
        assertFalse(anyDemoThreadAlive());
    }

    @Test
    void tryLockBacksOffAndBothFinish() throws Exception {
        Deadlock.Result r = Deadlock.withTryLock(Duration.ofMillis(100));
        assertFalse(r.deadlocked());
        assertEquals(2, r.finished().size(), r.toString());
        assertTrue(r.finished().containsAll(List.of("thread-A", "thread-B")));
        assertTrue(r.threadsGone());
        assertTrue(r.log().stream().anyMatch(l -> l.contains("timed out waiting for")), r.toString());
        assertFalse(anyDemoThreadAlive());
    }

    @Test
    void anInterruptStopsTheDemoAndBothThreads() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // a bound the detector cannot miss, so the caller is still polling when it is interrupted:
        // interrupt right after the start, before the first poll finds the cycle, is also fine
        Thread caller = new Thread(() -> {
            try {
                Deadlock.withTryLock(Duration.ofSeconds(2)); // both wait 2 s in tryLock
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "deadlock-caller");
        caller.start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);
        assertFalse(caller.isAlive());
        assertTrue(System.nanoTime() - t0 < 1_500_000_000L);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertFalse(anyDemoThreadAlive());
    }

    @Test
    void badArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> Deadlock.provoke(Duration.ofSeconds(31)));
        assertTrue(e.getMessage().startsWith("bound = 31 s is out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Deadlock.provoke(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().startsWith("bound = "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Deadlock.withTryLock(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("wait = "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Deadlock.withTryLock(Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("allowed: 1 µs to 2 s") || e.getMessage().contains("2 s"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Deadlock.provoke(null));
        assertThrows(IllegalArgumentException.class, () -> new Cycle(List.of()));
    }

    @Test
    void theDemoPrintsAllThree() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deadlock.demo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("cycle: thread-A holds lock 1 and waits for lock 2, held by thread-B"), s);
        assertTrue(s.contains("lock ordering: no deadlock"), s);
        assertTrue(s.contains("tryLock: no deadlock"), s);
    }
}
