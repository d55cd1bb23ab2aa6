package ptlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.RunInterruptedException;
import ptlab.task.Task;
import ptlab.testing.HangGuard;
import ptlab.testing.Lines;
import ptlab.testing.NoLeftovers;

/**
 * Interrupting the calling thread mid-run stops everything: no worker thread, no child process is left (the
 * {@link NoLeftovers} extension checks after each test), the run says what it stopped, and it throws a
 * {@link RunInterruptedException} with the interrupt status clear. Latencies are printed, not asserted (only a
 * generous bound guards against hangs).
 */
@ExtendWith(NoLeftovers.class)
class InterruptTest {

    private static final List<Task> LONG_IO = List.of(Task.io("A", 20), Task.io("B", 20), Task.io("C", 20));
    private static final List<Task> LONG_CPU = List.of(Task.cpu("A", Limits.MAX_CPU_SIZE), Task.cpu("B", Limits.MAX_CPU_SIZE));

    /** Runs in a "cell" thread, interrupts it once {@code started} tasks have started, returns what it threw. */
    private static RunInterruptedException interruptMidway(Runner runner, List<Task> tasks, int started) throws Exception {
        Lines out = new Lines();
        CountDownLatch running = out.when(l -> l.startsWith("Task ") && l.contains(" starting  "), started);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean(true);
        Thread cell = new Thread(() -> {
            try {
                runner.output(out).run(tasks);
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagAfter.set(Thread.currentThread().isInterrupted());
        }, "cell");
        cell.start();
        Lines.await(running, started + " tasks to start");
        cell.interrupt();
        HangGuard.join(cell);
        RunInterruptedException e = assertInstanceOf(RunInterruptedException.class, thrown.get());
        assertFalse(flagAfter.get(), "interrupt status is clear after RunInterruptedException");
        assertTrue(e.getMessage().startsWith(runner.name() + " run interrupted after "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; nothing left running"), e.getMessage());
        assertTrue(out.lines().contains(e.getMessage()), "the run printed what it stopped:\n" + out.text());
        return e;
    }

    private static void assertAllInterrupted(RunInterruptedException e, int count) {
        Report r = e.report();
        assertEquals(count, r.events().size(), r.toString());
        for (Event ev : r.events()) {
            assertEquals(Event.Status.INTERRUPTED, ev.status(), ev.toString());
        }
        assertFalse(r.ok());
    }

    @Test
    void sequentialIo() throws Exception {
        RunInterruptedException e = interruptMidway(Runner.sequential(), LONG_IO, 1);
        assertEquals(1, e.report().events().size());
        assertEquals(Event.Status.INTERRUPTED, e.report().event("A").status());
        assertEquals("cell", e.report().event("A").thread());
        assertTrue(e.getMessage().contains("stopped A; not started: B, C"), e.getMessage());
        assertEquals(List.of("not started (the run was interrupted): B, C"), e.report().problems());
    }

    @Test
    void sequentialCpu() throws Exception {
        assertAllInterrupted(interruptMidway(Runner.sequential(), LONG_CPU.subList(0, 1), 1), 1);
    }

    @Test
    void threadsIo() throws Exception {
        RunInterruptedException e = interruptMidway(Runner.threads(), LONG_IO, 3);
        assertAllInterrupted(e, 3);
        assertTrue(e.getMessage().contains("stopped A, B, C"), e.getMessage());
    }

    @Test
    void threadsCpu() throws Exception {
        assertAllInterrupted(interruptMidway(Runner.threads(), LONG_CPU, 2), 2);
    }

    @Test
    void virtualThreadsIo() throws Exception {
        assertAllInterrupted(interruptMidway(Runner.virtualThreads(), LONG_IO, 3), 3);
    }

    @Test
    void poolDropsQueuedTasks() throws Exception {
        RunInterruptedException e = interruptMidway(Runner.pool(2), LONG_IO, 2);
        assertAllInterrupted(e, 2);
        assertTrue(e.getMessage().contains("not started: C"), e.getMessage());
    }

    @Test
    void processesIo() throws Exception {
        RunInterruptedException e = interruptMidway(Runner.processes(), LONG_IO, 3);
        assertAllInterrupted(e, 3);
        for (Event ev : e.report().events()) {
            assertTrue(ev.result().startsWith("child JVM stopped by the parent"), ev.result());
            assertTrue(ev.pid() > 0 && ev.pid() != ProcessHandle.current().pid(), ev.toString());
        }
    }

    @Test
    void processesCpu() throws Exception {
        assertAllInterrupted(interruptMidway(Runner.processes(), LONG_CPU, 2), 2);
    }

    @Test
    void anInterruptBeforeTheRunStopsItAtOnce() {
        for (Runner runner : List.of(Runner.sequential(), Runner.threads(), Runner.processes())) {
            Thread.currentThread().interrupt();
            RunInterruptedException e = assertThrows(RunInterruptedException.class, () -> runner.quiet().run(LONG_IO));
            assertFalse(Thread.interrupted(), "interrupt status is clear");
            assertTrue(e.getMessage().endsWith("; nothing left running"), e.getMessage());
        }
    }

    /** A hard stop (an asynchronous exception in the calling thread) still stops everything, in finally blocks. */
    @Test
    void anAsynchronousExceptionInTheCallingThreadLeavesNothing() {
        for (Runner runner : List.of(Runner.threads(), Runner.virtualThreads(), Runner.processes())) {
            Error stop = new Error("hard stop");
            Error thrown = assertThrows(Error.class, () -> runner.output(Lines.throwingOn("Task B starting", stop)).run(LONG_IO));
            assertSame(stop, thrown);
        }
    }
}
