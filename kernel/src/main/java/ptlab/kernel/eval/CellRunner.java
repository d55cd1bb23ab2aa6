package ptlab.kernel.eval;

import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

import ptlab.kernel.magic.MagicRegistry;
import ptlab.kernel.output.OutputRouter;
import ptlab.kernel.session.CellJvmSpec;
import ptlab.kernel.session.CellSession;
import ptlab.kernel.session.Phases;
import ptlab.kernel.session.Sessions;

/**
 * The kernel's one run loop: waits for the cell JVM, runs a cell's steps in order through
 * {@link CellSteps} (its Java code in the cell JVM, its magics in the kernel), stopping at the
 * first error, and answers interrupts. An interrupt is handed to
 * {@link InterruptEscalation}; after it, and after a cell JVM that ended, this class has a fresh
 * cell JVM started and says what happened.
 */
public final class CellRunner {

    private final Sessions sessions;
    private final OutputRouter router;
    private final CellSteps steps;
    private final InterruptEscalation interrupts = new InterruptEscalation();
    /**
     * Runs each cell's code and magics, one cell after the other: the shell thread waits for it,
     * and stops waiting when an interrupt finds JShell compiling (javac cannot be stopped and
     * may take seconds); the next cell then waits its turn here.
     */
    private final ExecutorService evaluator = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "ptlab-cell-eval");
        t.setDaemon(true);
        return t;
    });
    private volatile Future<Outcome> abandoned;
    /** The cell waiting for its cell JVM to start, or null. */
    private volatile Waiting waiting;
    /** When the last interrupt that found no cell was sent (null if unknown, or taken by a cell). */
    private Instant earlyInterrupt; // guarded by this
    private static final long AWAIT_STEP_MILLIS = 20;
    private static final long SESSION_POLL_MILLIS = 5;

    /**
     * A run loop with the standard magics.
     *
     * @param sessions the cell JVMs
     * @param router   where output goes (the caller points it at each cell)
     */
    public CellRunner(Sessions sessions, OutputRouter router) {
        this(sessions, router, MagicRegistry.standard());
    }

    /**
     * A run loop with the given magics.
     *
     * @param sessions the cell JVMs
     * @param router   where output goes (the caller points it at each cell)
     * @param magics   the magics cells may use
     */
    public CellRunner(Sessions sessions, OutputRouter router, MagicRegistry magics) {
        this.sessions = sessions;
        this.router = router;
        this.steps = new CellSteps(sessions, router, magics);
    }

    /**
     * Runs a cell (on the shell thread; output goes through the router, which the caller has
     * pointed at this cell).
     *
     * @param code  the cell's source
     * @param count its execution count (names the cell in stack traces)
     */
    public Outcome run(String code, int count) {
        return run(code, count, null);
    }

    /**
     * Runs a cell, as {@link #run(String, int)}; {@code sentAt} is when the client sent it (or
     * null), so that an interrupt sent before it does not reach it.
     */
    public Outcome run(String code, int count, Instant sentAt) {
        CellSession session;
        long waitStart = Phases.now();
        Waiting w = new Waiting(sentAt);
        synchronized (this) {
            waiting = w;
            // an interrupt sent after this cell but read first (it comes on another socket) is this cell's
            Instant early = earlyInterrupt;
            earlyInterrupt = null;
            if (early != null && sentAt != null && !early.isBefore(sentAt)) {
                w.interrupted = true;
            }
        }
        try {
            session = awaitSession(w);
            Phases.since(Phases.Phase.WAIT, waitStart);
        } catch (IllegalStateException e) {
            waiting = null;
            return Outcome.failed(CellError.oneLine(CellError.KERNEL_ERROR, e.getMessage()));
        }
        if (session == null) {
            waiting = null;
            return Outcome.failed(CellError.interrupted(false)); // before its cell JVM was there: nothing ran
        }
        String note = sessions.takeDeathNote();
        if (note != null) {
            router.print(StreamType.ERR, note + "\n");
        }
        RunningCell r = new RunningCell(session, sentAt);
        if (compilingAbandoned()) {
            router.print(StreamType.ERR, "[waiting for the compiler to finish with the interrupted cell]\n");
        }
        synchronized (this) { // an interrupt finds the cell either waiting or running
            interrupts.begin(r);
            waiting = null;
        }
        if (w.interrupted) {
            interrupts.end(r);
            return Outcome.failed(CellError.interrupted(false));
        }
        Outcome outcome;
        try {
            Future<Outcome> f = evaluator.submit(() -> {
                session.jvm().allowInvoke(); // after the abandoned cell's compile, on this same thread
                return steps.runText(r, new Source(code, "cell [" + count + "]", null));
            });
            outcome = await(f, r);
            if (outcome == null) {
                abandoned = f;
            }
        } finally {
            interrupts.end(r);
        }
        if (r.interrupted) {
            if (r.replaced || !session.isAlive()) {
                sessions.replace(session);
                return Outcome.failed(CellError.interrupted(true));
            }
            InterruptEscalation.cleanUp(session);
            return Outcome.failed(CellError.interrupted(false));
        }
        if (!session.isAlive()) {
            OptionalInt status = session.jvm().exitStatus(2000);
            sessions.replace(session);
            return Outcome.failed(status.isPresent()
                    ? CellError.jvmExited(status.getAsInt(), CellJvmSpec.crashReport(session.pid()))
                    : CellError.oneLine(CellError.JVM_EXITED, "The JVM running your cells ended; state was reset."));
        }
        return outcome;
    }

    /**
     * @return true while JShell is still compiling a cell whose interrupt has been answered;
     *         JShell must not be used from another thread meanwhile
     */
    public boolean compilingAbandoned() {
        Future<Outcome> f = abandoned;
        return f != null && !f.isDone();
    }

    /** The cell's outcome, or null if its interrupt abandoned it while JShell compiles it. */
    private static Outcome await(Future<Outcome> f, RunningCell r) {
        while (true) {
            try {
                return f.get(AWAIT_STEP_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (r.abandoned) {
                    return null;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException x) {
                    throw x;
                }
                if (e.getCause() instanceof Error x) {
                    throw x;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed(CellError.interrupted(false));
            }
        }
    }

    /**
     * The live session, once the cell JVM is up; null if an interrupt came first (the cell then
     * does not run). The first cell of a kernel waits here while its cell JVM starts.
     */
    private CellSession awaitSession(Waiting w) {
        while (sessions.starting() && !w.interrupted) {
            try {
                Thread.sleep(SESSION_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return w.interrupted ? null : sessions.current();
    }

    /** Interrupts the running cell (see {@link InterruptEscalation}); does nothing when no cell runs. */
    public void interrupt() {
        interrupt(null);
    }

    /**
     * Interrupts the running cell, unless the interrupt was sent ({@code sentAt}, or null when
     * unknown) before that cell was: then it was meant for a cell that has finished. A cell still
     * waiting for its cell JVM is answered "interrupted" without running, and so is the next cell
     * when the interrupt found none but was sent after that cell's request (the two requests come
     * on different sockets, so the interrupt may be read first).
     */
    public synchronized void interrupt(Instant sentAt) {
        if (interrupts.interrupt(sentAt)) {
            router.interrupted(); // a flood of output must not hold the cell up
            return;
        }
        Waiting w = waiting;
        if (w != null && (sentAt == null || w.sentAt == null || !sentAt.isBefore(w.sentAt))) {
            w.interrupted = true;
        } else if (w == null) {
            earlyInterrupt = sentAt; // for the next cell, if that was sent before it
        }
    }

    /** A cell waiting for its cell JVM to start. */
    private static final class Waiting {
        final Instant sentAt;
        volatile boolean interrupted;

        Waiting(Instant sentAt) {
            this.sentAt = sentAt;
        }
    }
}
