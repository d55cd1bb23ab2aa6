package ptlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;

import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

import ptlab.kernel.cell.ProcessTree;

/**
 * Runs one cell: its magics in the kernel, its Java snippets in the cell JVM, in order, stopping
 * at the first error. Also carries out an interrupt (see {@link #interrupt}).
 */
final class CellRunner {

    /** Step 1 of an interrupt: the cell thread is interrupted; it has this long to end. */
    static final long INTERRUPT_GRACE_MILLIS = 300;
    /** Step 2: it is stopped (JDI), again and again, until this much time since the interrupt. */
    static final long STOP_UNTIL_MILLIS = 1000;
    /** Between two stops. */
    static final long STOP_RETRY_MILLIS = 100;
    /** After an interrupted cell, at most this long for stopping pool workers, and for ending processes. */
    static final long CLEANUP_MILLIS = 400;

    /**
     * How a cell ended.
     *
     * @param value the {@code text/plain} value of its final expression, or null
     * @param error the error, or null if it succeeded
     */
    record Outcome(String value, CellError error) {
        static Outcome ok(String value) {
            return new Outcome(value, null);
        }

        static Outcome failed(CellError error) {
            return new Outcome(null, error);
        }

        boolean failed() {
            return error != null;
        }
    }

    /** The cell in progress, shared between the shell thread and an interrupt. */
    private static final class Running {
        final CellSession session;
        final Instant sentAt;
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean interrupted;
        volatile boolean replaced;

        Running(CellSession session, Instant sentAt) {
            this.session = session;
            this.sentAt = sentAt;
        }

        boolean awaitDone(long millis) {
            try {
                return done.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getCount() == 0;
            }
        }
    }

    private final Sessions sessions;
    private final OutputRouter router;
    private final ClassPathMagics classPathMagics = new ClassPathMagics();
    private volatile Running running;

    CellRunner(Sessions sessions, OutputRouter router) {
        this.sessions = sessions;
        this.router = router;
    }

    /**
     * Runs a cell (on the shell thread; output goes through the router, which the caller has
     * pointed at this cell).
     *
     * @param code  the cell's source
     * @param count its execution count (names the cell in stack traces)
     */
    Outcome run(String code, int count) {
        return run(code, count, null);
    }

    /**
     * Runs a cell, as {@link #run(String, int)}; {@code sentAt} is when the client sent it (or
     * null), so that an interrupt sent before it does not reach it.
     */
    Outcome run(String code, int count, Instant sentAt) {
        CellSession session;
        try {
            session = sessions.current();
        } catch (IllegalStateException e) {
            return Outcome.failed(CellError.oneLine(CellError.KERNEL_ERROR, e.getMessage()));
        }
        String note = sessions.takeDeathNote();
        if (note != null) {
            router.print(StreamType.ERR, note + "\n");
        }
        Running r = new Running(session, sentAt);
        running = r;
        Outcome outcome;
        try {
            outcome = runText(r, code, "cell [" + count + "]", null);
        } finally {
            running = null;
            r.done.countDown();
        }
        if (r.interrupted) {
            if (r.replaced || !session.isAlive()) {
                sessions.replace(session);
                return Outcome.failed(CellError.interrupted(true));
            }
            // what the cell left working for it: subtasks of a parallel stream, and (docs/architecture.md)
            // every process below the cell JVM; both bounded, so that the whole interrupt stays
            // within 2 s
            session.jvm().stopPoolWorkers(CLEANUP_MILLIS);
            ProcessTree.destroyDescendants(session.jvm().process().toHandle(), CLEANUP_MILLIS);
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
     * Interrupts the running cell, escalating in the background: interrupt the cell thread;
     * if it is still running after {@value #INTERRUPT_GRACE_MILLIS} ms, stop it (repeatedly, in
     * case the code catches the stop); if it is still running {@value #STOP_UNTIL_MILLIS} ms after
     * the interrupt, end the cell JVM (a fresh one replaces it). Does nothing when no cell runs.
     */
    void interrupt() {
        interrupt(null);
    }

    /**
     * Interrupts the running cell, as {@link #interrupt()}, unless the interrupt was sent
     * ({@code sentAt}, or null when unknown) before the running cell was: such an interrupt was
     * meant for a cell that has finished already (it arrives on another socket, so it can be
     * read after the next cell has started).
     */
    void interrupt(Instant sentAt) {
        Running r = running;
        if (r == null || r.interrupted) {
            return;
        }
        if (sentAt != null && r.sentAt != null && sentAt.isBefore(r.sentAt)) {
            return;
        }
        r.interrupted = true;
        Thread t = new Thread(() -> escalate(r), "ptlab-interrupt");
        t.setDaemon(true);
        t.start();
    }

    private static void escalate(Running r) {
        long start = System.nanoTime();
        CellJvmControl jvm = r.session.jvm();
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
        r.replaced = true;
        jvm.destroy(); // JShell's eval now returns; run() starts a fresh cell JVM
    }

    /**
     * Runs a text of code and magics: the cell, a {@code %%time} body, a {@code %load}ed file.
     *
     * @param place how stack traces name the text ({@code cell [3]}, {@code lib.jsh})
     * @param file  the file name for compile errors, or null for the cell itself
     */
    private Outcome runText(Running r, String text, String place, String file) {
        MagicSyntax.Plan plan = MagicSyntax.parse(text);
        if (plan.cellMagic() != null) {
            return runCellMagic(r, plan.cellMagic(), text, place, file);
        }
        if (text.stripLeading().startsWith("%%")) {
            String name = text.strip().split("\\s+", 2)[0];
            return Outcome.failed(CellError.oneLine(CellError.MAGIC_ERROR,
                    "cell magic " + name + " needs code on the lines below it"));
        }
        Timing timing = null;
        Outcome result = Outcome.ok(null);
        for (MagicSyntax.Step step : plan.steps()) {
            if (r.interrupted || !r.session.isAlive()) {
                break;
            }
            Outcome o;
            if (step instanceof MagicSyntax.Code c) {
                o = runCode(r, text, c.offset(), c.text(), place, file);
            } else {
                MagicSyntax.Line line = (MagicSyntax.Line) step;
                if (line.name().equals("time") && line.rawArgs().isEmpty()) {
                    timing = timing == null ? new Timing(r.session) : timing; // times the rest of the cell
                    continue;
                }
                o = runLineMagic(r, line, text, place, file);
            }
            result = o; // the cell's value is the last step's
            if (o.failed()) {
                break;
            }
        }
        if (timing != null) {
            router.print(StreamType.OUT, timing.report());
        }
        return result;
    }

    private Outcome runCellMagic(Running r, MagicSyntax.CellMagic m, String text, String place, String file) {
        if (!m.name().equals("time")) {
            return Outcome.failed(CellError.oneLine(CellError.MAGIC_ERROR,
                    "unknown cell magic %%" + m.name() + " (%lsmagic lists the magics)"));
        }
        if (!m.args().isEmpty()) {
            return Outcome.failed(CellError.oneLine(CellError.MAGIC_ERROR,
                    "%%time takes no arguments on its line; put the code below it"));
        }
        Timing timing = new Timing(r.session);
        // the body keeps its line numbers by padding it with the lines it had in the cell
        String body = "\n".repeat(lineOf(text, m.bodyOffset()) - 1) + m.body();
        Outcome o = runText(r, body, place, file);
        router.print(StreamType.OUT, timing.report());
        return o;
    }

    private Outcome runLineMagic(Running r, MagicSyntax.Line line, String text, String place, String file) {
        try {
            switch (line.name()) {
                case "jars":
                    sessions.addToClassPath(r.session, classPathMagics.jars(line.args()));
                    return Outcome.ok(null);
                case "classpath":
                    sessions.addToClassPath(r.session, classPathMagics.classpath(line.args()));
                    return Outcome.ok(null);
                case "maven": {
                    List<Path> jars = classPathMagics.maven(line.args());
                    sessions.addToClassPath(r.session, jars);
                    router.print(StreamType.OUT, "Added " + jars.size() + " jar" + (jars.size() == 1 ? "" : "s")
                            + " to the class path: " + String.join(", ", jars.stream().map(p -> p.getFileName().toString()).toList()) + "\n");
                    return Outcome.ok(null);
                }
                case "load":
                    return load(r, line.args());
                case "time": {
                    Timing timing = new Timing(r.session);
                    int at = Math.max(line.offset(), text.indexOf(line.rawArgs(), line.offset()));
                    Outcome o = runCode(r, text, at, line.rawArgs(), place, file);
                    router.print(StreamType.OUT, timing.report());
                    return o;
                }
                case "lsmagic":
                    if (!line.args().isEmpty()) {
                        throw new MagicException("%lsmagic takes no arguments");
                    }
                    router.print(StreamType.OUT, """
                            Line magics: %classpath %jars %load %lsmagic %maven %time
                            Cell magics: %%time
                            """);
                    return Outcome.ok(null);
                default:
                    throw new MagicException("unknown magic %" + line.name() + " (%lsmagic lists the magics)");
            }
        } catch (MagicException e) {
            return Outcome.failed(CellError.oneLine(CellError.MAGIC_ERROR, e.getMessage()));
        }
    }

    private Outcome load(Running r, List<String> args) throws MagicException {
        if (args.size() != 1) {
            throw new MagicException("%load needs exactly one file, e.g. %load setup.jsh");
        }
        Path file = Path.of(args.get(0));
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MagicException("%load: there is no file '" + args.get(0) + "' (in " + Path.of("").toAbsolutePath() + ")");
        } catch (IOException e) {
            throw new MagicException("%load: cannot read '" + args.get(0) + "': " + ClassPathMagics.rootMessage(e));
        }
        String name = file.getFileName().toString();
        return runText(r, text, name, name);
    }

    /** Evaluates Java code snippet by snippet. */
    private Outcome runCode(Running r, String text, int offset, String code, String place, String file) {
        JShell jshell = r.session.jshell();
        List<DeclarationSnippet> declared = new ArrayList<>();
        String value = null;
        try {
            for (SnippetSplitter.Piece piece : SnippetSplitter.split(jshell.sourceCodeAnalysis(), code)) {
                if (r.interrupted || !r.session.isAlive()) {
                    return Outcome.ok(null);
                }
                value = null;
                int start = offset + piece.offset();
                for (SnippetEvent e : jshell.eval(piece.source())) {
                    if (e.causeSnippet() != null) {
                        continue; // another snippet's status changed as a consequence
                    }
                    Snippet s = e.snippet();
                    r.session.origin(s, new CellErrors.Origin(place, lineOf(text, start)));
                    if (e.status() == Snippet.Status.REJECTED) {
                        return Outcome.failed(CellErrors.compileError(text, start, file, jshell.diagnostics(s).toList()));
                    }
                    if (e.exception() instanceof UnresolvedReferenceException u) {
                        return Outcome.failed(CellErrors.unresolvedUse(u.getSnippet(),
                                jshell.unresolvedDependencies(u.getSnippet()).toList()));
                    }
                    if (e.exception() != null) {
                        return Outcome.failed(CellErrors.exception(e.exception(), r.session::origin));
                    }
                    if (s instanceof DeclarationSnippet d) {
                        declared.add(d);
                    }
                    if (hasValue(s) && !piece.source().stripTrailing().endsWith(";")) {
                        value = e.value(); // Jupyter's convention: a trailing ';' hides the value
                    }
                    if (s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                        // JShell keeps an expression's value as a variable $N, and every later
                        // snippet is compiled with an import of every live variable: a notebook
                        // of many expression cells would get slower with each one (about 7 ms per
                        // 100). The value has been shown; the variable goes.
                        jshell.drop(s);
                    }
                }
            }
            // forward references are fine within a cell; what is still unresolved at its end is an error
            for (DeclarationSnippet d : declared) {
                Snippet.Status status = jshell.status(d);
                if (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    return Outcome.failed(CellErrors.unresolvedDeclaration(d, jshell.unresolvedDependencies(d).toList()));
                }
            }
        } catch (IllegalStateException e) {
            // JShell closed under us: the cell JVM ended; run() reports it
            return Outcome.ok(null);
        }
        return Outcome.ok(value);
    }

    /** Expressions have a value worth showing; declarations and statements do not. */
    private static boolean hasValue(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || (s.kind() == Snippet.Kind.VAR && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }

    /** 1-based line number of {@code index} in {@code text}. */
    static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Wall time, and CPU time of the cell JVM (all its threads), from creation to {@link #report}. */
    private static final class Timing {
        private final long startNanos = System.nanoTime();
        private final ProcessHandle jvm;
        private final Duration startCpu;

        Timing(CellSession session) {
            jvm = session.jvm().process().toHandle();
            startCpu = cpu(jvm);
        }

        String report() {
            double wall = (System.nanoTime() - startNanos) / 1e9;
            Duration endCpu = cpu(jvm);
            String cpu = startCpu == null || endCpu == null ? "unknown"
                    : String.format(Locale.ROOT, "%.3f s", endCpu.minus(startCpu).toNanos() / 1e9);
            return String.format(Locale.ROOT, "Wall time: %.3f s%nCPU time: %s (the cell JVM, all its threads)%n", wall, cpu);
        }

        private static Duration cpu(ProcessHandle p) {
            return p.info().totalCpuDuration().orElse(null);
        }
    }
}
