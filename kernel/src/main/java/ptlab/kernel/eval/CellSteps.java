package ptlab.kernel.eval;

import java.nio.file.Path;
import java.util.List;

import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

import ptlab.kernel.magic.Magic;
import ptlab.kernel.magic.MagicContext;
import ptlab.kernel.magic.MagicException;
import ptlab.kernel.magic.MagicRegistry;
import ptlab.kernel.magic.MagicSyntax;
import ptlab.kernel.output.OutputRouter;
import ptlab.kernel.session.Sessions;

/**
 * A cell's steps, in order: its Java code through {@link CodeEvaluator} in the cell JVM, its
 * magics from the {@link MagicRegistry} in the kernel, stopping at the first error. Magics that
 * run code ({@code %time}, {@code %%time}, {@code %load}) come back here through their
 * {@link MagicContext}. {@link CellRunner} calls it, on its evaluator thread.
 */
final class CellSteps {

    private final Sessions sessions;
    private final OutputRouter router;
    private final MagicRegistry magics;

    CellSteps(Sessions sessions, OutputRouter router, MagicRegistry magics) {
        this.sessions = sessions;
        this.router = router;
        this.magics = magics;
    }

    /** Runs a text of code and magics: the cell, a {@code %%time} body, a {@code %load}ed file. */
    Outcome runText(RunningCell r, Source source) {
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
