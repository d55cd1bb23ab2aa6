package ptlab.kernel.eval;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ptlab.kernel.session.CellSession;

/** The cell in progress, shared between the shell thread that runs it and an interrupt. */
final class RunningCell {
    final CellSession session;
    /** When the client sent the cell, or null if unknown. */
    final Instant sentAt;
    final CountDownLatch done = new CountDownLatch(1);
    volatile boolean interrupted;
    /** The interrupt ended the cell JVM: a fresh one must replace it. */
    volatile boolean replaced;
    /** The interrupt found JShell compiling: the cell is answered without waiting for it. */
    volatile boolean abandoned;

    RunningCell(CellSession session, Instant sentAt) {
        this.session = session;
        this.sentAt = sentAt;
    }

    /** @return true while the cell should go on: not interrupted, its JVM alive */
    boolean goesOn() {
        return !interrupted && session.isAlive();
    }

    /** @return true if the cell finished within {@code millis} */
    boolean awaitDone(long millis) {
        try {
            return done.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return done.getCount() == 0;
        }
    }
}
