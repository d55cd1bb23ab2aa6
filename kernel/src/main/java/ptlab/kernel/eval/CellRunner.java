package ptlab.kernel.eval;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

import ptlab.kernel.magic.Magic;
import ptlab.kernel.magic.MagicContext;
import ptlab.kernel.magic.MagicException;
import ptlab.kernel.magic.MagicRegistry;
import ptlab.kernel.magic.MagicSyntax;
import ptlab.kernel.output.OutputRouter;
import ptlab.kernel.session.CellJvmSpec;
import ptlab.kernel.session.CellSession;
import ptlab.kernel.session.Phases;
import ptlab.kernel.session.Sessions;

/**
 * The kernel's one run loop: runs a cell's steps in order (its Java code through
 * {@link CodeEvaluator} in the cell JVM, its magics from the {@link MagicRegistry} in the kernel),
 * stopping at the first error. Magics that run code ({@code %time}, {@code %%time}, {@code %load})
 * come back into this loop through their {@link MagicContext}. An interrupt is handed to
 * {@link InterruptEscalation}; after it, and after a cell JVM that ended, this class has a fresh
 * cell JVM started and says what happened.
 */
public final class CellRunner {

    private final Sessions sessions;
    private final OutputRouter router;
    private final MagicRegistry magics;
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
        this.magics = magics;
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
                return runText(r, new Source(code, "cell [" + count + "]", null));
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

    /** Runs a text of code and magics: the cell, a {@code %%time} body, a {@code %load}ed file. */
    private Outcome runText(RunningCell r, Source source) {
        MagicSyntax.Plan plan = MagicSyntax.parse(source.text());
        if (plan.cellMagic() != null) {
            return runCellMagic(r, source, plan.cellMagic());
        }
        if (source.text().stripLeading().startsWith("%%")) {
            String name = source.text().strip().split("\\s+", 2)[0];
            return magicError("cell magic " + name + " needs code on the lines below it");
        }
        return runSteps(r, source, plan.steps(), 0, Outcome.ok(null));
    }

    /**
     * Runs {@code steps} from index {@code from} on; the result is the last step's ({@code soFar}
     * if there is none), or the first error.
     */
    private Outcome runSteps(RunningCell r, Source source, List<MagicSyntax.Step> steps, int from, Outcome soFar) {
        Outcome result = soFar;
        for (int i = from; i < steps.size() && r.goesOn(); i++) {
            Outcome o;
            if (steps.get(i) instanceof MagicSyntax.Code c) {
                o = c.calls().isEmpty() ? CodeEvaluator.eval(r, source, c.offset(), c.text()) : runWithValues(r, source, c);
            } else {
                StepContext step = new StepContext(r, source, steps, i, result);
                o = runLineMagic((MagicSyntax.Line) steps.get(i), step);
                if (step.ranRest) {
                    return o; // the magic has run the steps after it
                }
            }
            result = o; // the cell's value is the last step's
            if (o.failed()) {
                break;
            }
        }
        return result;
    }

    /**
     * Runs code with magics in it as values ({@code var jars = %jars lib/*.jar}, IJava's
     * {@code lineMagic(...)}): the magics first, in order, then the code with their values in
     * their places.
     */
    private Outcome runWithValues(RunningCell r, Source source, MagicSyntax.Code c) {
        String code = c.text();
        for (int k = 0; k < c.calls().size(); k++) {
            StepContext step = new StepContext(r, source, List.of(), 0, Outcome.ok(null));
            List<String> value;
            try {
                value = call(c.calls().get(k), step);
            } catch (MagicException e) {
                return magicError(e.getMessage());
            }
            if (step.outcome.failed() || !r.goesOn()) {
                return step.outcome;
            }
            code = code.replace(MagicSyntax.placeholder(k), MagicSyntax.javaValue(value));
        }
        return CodeEvaluator.eval(r, source, c.offset(), code);
    }

    /** Runs a line or cell magic from the registry; an unknown name is a {@link MagicException}. */
    private List<String> call(MagicSyntax.Call call, StepContext step) throws MagicException {
        return switch (call) {
            case MagicSyntax.Line line -> known(magics.lineMagic(line.name()), "magic %" + line.name()).run(line, step);
            case MagicSyntax.CellMagic cell -> known(magics.cellMagic(cell.name()), "cell magic %%" + cell.name()).runCell(cell, step);
        };
    }

    private static Magic known(Magic magic, String name) throws MagicException {
        if (magic == null) {
            throw new MagicException("unknown " + name + " (%lsmagic lists the magics)");
        }
        return magic;
    }

    private Outcome runLineMagic(MagicSyntax.Line line, StepContext step) {
        try {
            call(line, step);
        } catch (MagicException e) {
            return magicError(e.getMessage());
        }
        return step.outcome;
    }

    private Outcome runCellMagic(RunningCell r, Source source, MagicSyntax.CellMagic m) {
        StepContext step = new StepContext(r, source, List.of(), 0, Outcome.ok(null));
        try {
            call(m, step);
        } catch (MagicException e) {
            return magicError(e.getMessage());
        }
        return step.outcome;
    }

    private static Outcome magicError(String message) {
        return Outcome.failed(CellError.oneLine(CellError.MAGIC_ERROR, message));
    }

    /**
     * One magic's view of the cell: what it may do, and the outcome of the code it had run (the
     * magic's own outcome, unless it throws).
     */
    private final class StepContext implements MagicContext {
        private final RunningCell cell;
        private final Source source;
        private final List<MagicSyntax.Step> steps;
        private final int index;
        private final Outcome soFar;
        Outcome outcome = Outcome.ok(null);
        boolean ranRest;

        StepContext(RunningCell cell, Source source, List<MagicSyntax.Step> steps, int index, Outcome soFar) {
            this.cell = cell;
            this.source = source;
            this.steps = steps;
            this.index = index;
            this.soFar = soFar;
        }

        @Override
        public void print(String text) {
            router.print(StreamType.OUT, text);
        }

        @Override
        public void addToClassPath(List<Path> entries) {
            sessions.addToClassPath(cell.session, entries);
        }

        @Override
        public boolean interrupted() {
            return !cell.goesOn();
        }

        @Override
        public ProcessHandle cellJvm() {
            return cell.session.jvm().process().toHandle();
        }

        @Override
        public boolean runCode(String code, int from) {
            int at = Math.max(from, source.text().indexOf(code, from));
            return ran(CodeEvaluator.eval(cell, source, at, code));
        }

        @Override
        public boolean runBody(String body, int offset) {
            // the body keeps its line numbers by padding it with the lines it had in the text
            String padded = "\n".repeat(source.lineOf(offset) - 1) + body;
            return ran(runText(cell, new Source(padded, source.place(), source.file())));
        }

        @Override
        public boolean runFile(String text, String name) {
            return ran(runText(cell, new Source(text, name, name)));
        }

        @Override
        public boolean runRest() {
            ranRest = true;
            return ran(runSteps(cell, source, steps, index + 1, soFar));
        }

        private boolean ran(Outcome o) {
            outcome = o;
            return !o.failed();
        }
    }
}
