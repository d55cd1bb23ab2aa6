package ptlab.kernel.magic;

import java.util.List;

import java.time.Duration;
import java.util.Locale;

/**
 * {@code %time code} times the code on its line; {@code %time} alone times the rest of the cell;
 * {@code %%time} times the cell below it. Each prints the wall time and the CPU time of the cell
 * JVM (all its threads), also when the code fails.
 */
final class TimeMagic implements Magic {

    @Override
    public String name() {
        return "time";
    }

    @Override
    public List<String> run(MagicSyntax.Line line, MagicContext context) {
        Stopwatch watch = new Stopwatch(context.cellJvm());
        if (line.rawArgs().isEmpty()) {
            context.runRest();
        } else {
            context.runCode(line.rawArgs(), line.offset());
        }
        context.print(watch.report());
        return null;
    }

    @Override
    public boolean hasCellForm() {
        return true;
    }

    @Override
    public List<String> runCell(MagicSyntax.CellMagic cell, MagicContext context) throws MagicException {
        if (!cell.args().isEmpty()) {
            throw new MagicException("%%time takes no arguments on its line; put the code below it");
        }
        Stopwatch watch = new Stopwatch(context.cellJvm());
        context.runBody(cell.body(), cell.bodyOffset());
        context.print(watch.report());
        return null;
    }

    /** Wall time, and CPU time of the cell JVM (all its threads), from creation to {@link #report}. */
    private static final class Stopwatch {
        private final long startNanos = System.nanoTime();
        private final ProcessHandle jvm;
        private final Duration startCpu;

        Stopwatch(ProcessHandle jvm) {
            this.jvm = jvm;
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
