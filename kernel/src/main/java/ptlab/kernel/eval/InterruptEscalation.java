package ptlab.kernel.eval;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import ptlab.kernel.cell.Descendants;
import ptlab.kernel.session.CellJvmControl;
import ptlab.kernel.session.CellSession;

/**
 * Carries out an interrupt of the running cell, escalating in the background: interrupt the
 * cell thread; if it is still running after {@value #INTERRUPT_GRACE_MILLIS} ms, stop it
 * (repeatedly, in case the code catches the stop); if it is still running
 * {@value #STOP_UNTIL_MILLIS} ms after the interrupt, end the cell JVM (the run loop then has a
 * fresh one replace it), unless no code of the cell runs there because JShell is still compiling
 * it in the kernel: then the JVM and its state stay, and the compiled snippet is not run. After an interrupted cell whose JVM lived, {@link #cleanUp} ends what
 * the cell left working.
 */
final class InterruptEscalation {

    /** Step 1 of an interrupt: the cell thread is interrupted; it has this long to end. */
    static final long INTERRUPT_GRACE_MILLIS = 300;
    /** Step 2: it is stopped (JDI), again and again, until this much time since the interrupt. */
    static final long STOP_UNTIL_MILLIS = 1000;
    /** Between two stops. */
    static final long STOP_RETRY_MILLIS = 100;
    /** After an interrupted cell, at most this long for stopping pool workers, and for ending processes. */
    static final long CLEANUP_MILLIS = 400;

    private volatile RunningCell running;

    /** A cell starts running. */
    void begin(RunningCell cell) {
        running = cell;
    }

    /** The cell has ended; an escalation under way stops at its next step. */
    void end(RunningCell cell) {
        running = null;
        cell.done.countDown();
    }

    /**
     * Interrupts the running cell, unless no cell runs, it is being interrupted already, or the
     * interrupt was sent ({@code sentAt}, or null when unknown) before the running cell was:
     * such an interrupt was meant for a cell that has finished already (it arrives on another
     * socket, so it can be read after the next cell has started).
     *
     * @return true if the running cell is being interrupted now
     */
    boolean interrupt(Instant sentAt) {
        RunningCell r = running;
        if (r == null || r.interrupted) {
            return false;
        }
        if (sentAt != null && r.sentAt != null && sentAt.isBefore(r.sentAt)) {
            return false;
        }
        r.interrupted = true;
        Thread t = new Thread(() -> escalate(r), "ptlab-interrupt");
        t.setDaemon(true);
        t.start();
        return true;
    }

    /**
     * Steps 1 and 2 run on a thread of their own, because each JDI call waits for the cell JVM's
     * answer, and a JVM that does not answer (stopped with SIGSTOP, say) would hold them forever;
     * this thread only waits for the cell to end, and at the deadline ends the JVM whatever the
     * steps are doing (a SIGKILL reaches a stopped process too; the steps' JDI calls then fail).
     */
    private static void escalate(RunningCell r) {
        long start = System.nanoTime();
        CellJvmControl jvm = r.session.jvm();
        Thread steps = new Thread(() -> interruptThenStop(r, jvm, start), "ptlab-interrupt-steps");
        steps.setDaemon(true);
        steps.start();
        if (r.awaitDone(STOP_UNTIL_MILLIS)) {
            return;
        }
        if (!jvm.refuseInvokeUnlessRunning()) {
            r.abandoned = true; // JShell is compiling, no code of the cell runs: its state stays, its snippet will not run
            return;
        }
        r.replaced = true;
        jvm.destroy(); // JShell's eval now returns; the run loop starts a fresh cell JVM
    }

    private static void interruptThenStop(RunningCell r, CellJvmControl jvm, long start) {
        jvm.interruptClient();
        if (r.awaitDone(INTERRUPT_GRACE_MILLIS)) {
            return;
        }
        do {
            jvm.stopClient();
            if (r.awaitDone(STOP_RETRY_MILLIS)) {
                return;
            }
        } while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(STOP_UNTIL_MILLIS));
    }

    /**
     * Ends what an interrupted cell left working for it: subtasks of a parallel stream, and
     * (docs/architecture.md) every process below the cell JVM; both bounded, so that the whole
     * interrupt stays within 2 s.
     */
    static void cleanUp(CellSession session) {
        session.jvm().stopPoolWorkers(CLEANUP_MILLIS);
        Descendants.destroy(session.jvm().process().toHandle(), CLEANUP_MILLIS);
    }
}
