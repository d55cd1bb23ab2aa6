package ptlab.kernel.eval;

import java.util.ArrayList;
import java.util.List;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;

import ptlab.kernel.session.Phases;
import ptlab.kernel.session.SnippetOrigin;

/**
 * Evaluates Java code in the cell JVM, snippet by snippet (as IJava's {@code CodeEvaluator}):
 * cuts it with {@link SnippetSplitter}, has JShell compile and run each snippet, stops at the
 * first error and turns it into a {@link CellError}, and keeps the value of the last expression.
 */
final class CodeEvaluator {

    private CodeEvaluator() {
    }

    /**
     * Evaluates {@code code}, which stands in {@code source} at {@code offset}.
     *
     * @return the value of the last expression (null if none, or if the cell was interrupted or
     *         its JVM ended: the run loop reports those), or the first error
     */
    static Outcome eval(RunningCell cell, Source source, int offset, String code) {
        JShell jshell = cell.session.jshell();
        List<DeclarationSnippet> declared = new ArrayList<>();
        String value = null;
        int line = source.lineOf(offset); // of each piece in turn, counted on (not from the top for each)
        int lineAt = offset;
        try {
            long splitting = Phases.now();
            List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(jshell.sourceCodeAnalysis(), code);
            Phases.since(Phases.Phase.SPLIT, splitting);
            for (SnippetSplitter.Piece piece : pieces) {
                if (!cell.goesOn()) {
                    return Outcome.ok(null);
                }
                value = null;
                int start = offset + piece.offset();
                line += CellErrors.lineBreaks(source.text(), lineAt, start);
                lineAt = start;
                String beyond = CompilerLimits.problem(piece.source());
                if (beyond != null) {
                    return Outcome.failed(CellError.oneLine(CellError.COMPILE_ERROR, beyond));
                }
                long compiling = Phases.now(); // less the calls to the cell JVM, which CellJvmControl counts
                List<SnippetEvent> events = jshell.eval(piece.source());
                Phases.since(Phases.Phase.COMPILE, compiling);
                for (SnippetEvent e : events) {
                    if (e.causeSnippet() != null) {
                        continue; // another snippet's status changed as a consequence
                    }
                    Snippet s = e.snippet();
                    cell.session.origin(s, new SnippetOrigin(source.place(), line));
                    if (e.status() == Snippet.Status.REJECTED) {
                        return Outcome.failed(CellErrors.compileError(source.text(), start, source.file(),
                                jshell.diagnostics(s).toList()));
                    }
                    if (s instanceof DeclarationSnippet d && notGenerated(jshell, d)) {
                        // javac failed writing the class (a method too large, say): the snippet
                        // must not stay, or JShell would import it into every later snippet
                        jshell.drop(d);
                        return Outcome.failed(CellErrors.compileError(source.text(), start, source.file(),
                                jshell.diagnostics(s).toList()));
                    }
                    if (e.exception() instanceof UnresolvedReferenceException u) {
                        return Outcome.failed(CellErrors.unresolvedUse(u.getSnippet(),
                                jshell.unresolvedDependencies(u.getSnippet()).toList()));
                    }
                    if (e.exception() != null) {
                        return Outcome.failed(CellErrors.exception(e.exception(), cell.session::origin));
                    }
                    if (s instanceof DeclarationSnippet d) {
                        declared.add(d);
                    }
                    if (hasValue(s) && !SnippetSplitter.endsWithSemicolon(piece.source())) {
                        value = e.value(); // Jupyter's convention: a trailing ';' hides the value
                    }
                    if (s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
                        // JShell keeps an expression's value as a variable $N, and every later
                        // snippet is compiled with an import of every live variable: a notebook
                        // of many expression cells would get slower with each one (about 7 ms per
                        // 100). The value has been shown; the variable goes.
                        long dropping = Phases.now();
                        jshell.drop(s);
                        Phases.since(Phases.Phase.COMPILE, dropping);
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
            // JShell closed under us: the cell JVM ended; the run loop reports it
            return Outcome.ok(null);
        } catch (StackOverflowError | InternalError e) {
            if (!overflowed(e)) {
                throw e;
            }
            return Outcome.failed(CellError.oneLine(CellError.COMPILE_ERROR, "the code is too deeply nested for the"
                    + " compiler (it ran out of stack): split the expression into smaller parts"));
        }
        return Outcome.ok(value);
    }

    /**
     * A declaration JShell keeps as "recoverable" although nothing it refers to is missing: javac
     * reported an error only when generating code.
     */
    private static boolean notGenerated(JShell jshell, DeclarationSnippet d) {
        Snippet.Status status = jshell.status(d);
        return (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED)
                && jshell.unresolvedDependencies(d).findAny().isEmpty()
                && jshell.diagnostics(d).anyMatch(jdk.jshell.Diag::isError);
    }

    /** javac overflowed its stack (JShell wraps that in an InternalError). */
    private static boolean overflowed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    /** Expressions have a value worth showing; declarations and statements do not. */
    private static boolean hasValue(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION
                || (s.kind() == Snippet.Kind.VAR && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
    }
}
