package ptlab.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.HangGuard;
import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class CrashTest {

    private static final List<String> TICKERS = List.of("ticker-1", "ticker-2", "ticker-3");

    @Test
    void anUncaughtExceptionEndsOnlyItsThreadHere() throws Exception {
        Crash.Result r = Crash.inThisJvm();
        assertFalse(r.inChild());
        assertEquals(ProcessHandle.current().pid(), r.pid());
        assertTrue(r.exitStatus().isEmpty());
        for (String t : TICKERS) {
            assertEquals(Scenario.TICKS, r.ticks(t), "the other threads tick to the end: " + r);
        }
        assertTrue(r.errors().get(0).startsWith("Exception in thread \"worker\" java.lang.IllegalStateException"), r.toString());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("worker")));
    }

    @Test
    void haltEndsEveryThreadOfTheChildAndTheParentReportsTheStatus() throws Exception {
        Crash.Result r = Crash.inChild(Failure.HALT);
        assertTrue(r.inChild());
        assertNotEquals(ProcessHandle.current().pid(), r.pid());
        assertEquals(Failure.HALT_STATUS, r.exitStatus().getAsInt(), r.toString());
        assertTrue(r.ending().contains("exited with status 42"), r.ending());
        // How far the tickers got depends on the machine's speed (they tick 1.2 s, the worker halts at 0.35 s):
        // what shows that every thread ended with the halt is that main, waiting for them all, never got to its end.
        assertTrue(r.output().stream().noneMatch(l -> l.contains("exits with status")), "main never got to its end: " + r);
        assertTrue(r.output().stream().anyMatch(l -> l.contains("worker") && l.contains("halt(42)")));
    }

    @Test
    void anUncaughtExceptionInTheChildLeavesTheOtherThreadsRunning() throws Exception {
        Crash.Result r = Crash.inChild(Failure.EXCEPTION);
        assertEquals(0, r.exitStatus().getAsInt(), r.toString());
        for (String t : TICKERS) {
            assertEquals(Scenario.TICKS, r.ticks(t), r.toString());
        }
        assertTrue(r.errors().stream().anyMatch(l -> l.startsWith("Exception in thread \"worker\" java.lang.IllegalStateException")),
                r.toString());
    }

    @Test
    void outOfMemoryEndsOnlyTheWorkerUnlessTheJvmIsToldToExit() throws Exception {
        Crash.Result plain = Crash.inChild(Failure.OUT_OF_MEMORY);
        assertEquals(0, plain.exitStatus().getAsInt(), plain.toString());
        assertTrue(plain.errors().stream().anyMatch(l -> l.startsWith("Exception in thread \"worker\" java.lang.OutOfMemoryError")),
                plain.toString());
        assertTrue(plain.output().stream().anyMatch(l -> l.contains("main") && l.contains("exits with status 0")),
                "main outlived the worker and got to its end: " + plain);
        Crash.Result exit = Crash.inChild(Failure.OUT_OF_MEMORY_EXIT);
        assertEquals(Failure.OUT_OF_MEMORY_EXIT_STATUS, exit.exitStatus().getAsInt(), exit.toString());
        // The worker fills the heap until the error and never ends on its own, so main (waiting for every thread)
        // cannot get to its end; how far the tickers got depends on how fast the heap fills, and is not checked.
        assertTrue(exit.output().stream().noneMatch(l -> l.contains("exits with status")), "main never got to its end: " + exit);
        assertTrue(exit.threads().stream().anyMatch(t -> t.thread().equals(Scenario.WORKER)
                && t.lastLine().contains(Failure.OUT_OF_MEMORY_EXIT.how())), "the worker was still filling the heap: " + exit);
    }

    @Test
    void anInterruptKillsTheChild() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Crash.inChild(Failure.EXCEPTION);
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "crash-caller");
        caller.start();
        Thread.sleep(400); // the child ticks 1.2 s: it is running when the interrupt comes
        caller.interrupt();
        HangGuard.join(caller);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
    }

    @Test
    void anInterruptStopsTheThreadsHere() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                Crash.inThisJvm();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "crash-caller");
        caller.start();
        Thread.sleep(200);
        caller.interrupt();
        HangGuard.join(caller);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("ticker-")));
    }

    @Test
    void linesAreReadPerThread() {
        var ends = Crash.threadEnds(List.of("   10 ms  main      pid 1", "  100 ms  ticker-1  tick 1", "  200 ms  ticker-1  tick 2",
                "Terminating due to java.lang.OutOfMemoryError: Java heap space"));
        assertEquals(List.of(new Crash.ThreadEnd("main", 0, "   10 ms  main      pid 1"),
                new Crash.ThreadEnd("ticker-1", 2, "  200 ms  ticker-1  tick 2")), ends);
        assertEquals("  350 ms  worker    x", Scenario.line(350_400_000L, "worker", "x"));
        assertThrows(NullPointerException.class, () -> Crash.inChild(null));
    }
}
