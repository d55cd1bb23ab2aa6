package ptlab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;

import ptlab.internal.Checks;
import ptlab.task.Report;

/**
 * One demonstration the command line can run ({@code java -jar ptlab-helpers.jar demo NAME}): what it is, how
 * many tasks and how many seconds per task it allows, what it needs, and how it runs. A demo prints as it goes and
 * returns the reports of its runs, which the command line draws on one time axis (and writes as SVG or trace on
 * request); a demo that draws no timeline returns none, and a demo whose size is fixed says why {@code --tasks} or
 * {@code --seconds} does not apply. The demos on offer are listed in {@link Demos#all()}.
 *
 * @param summary       what the demo shows, in one line for {@code --help}
 * @param tasks         how many tasks it runs
 * @param seconds       how long each task takes
 * @param drawsTimeline whether {@link #run(Settings)} returns reports to draw; when not, {@code --svg} and
 *                      {@code --trace} are refused
 * @param needs         what this machine lacks to run the demo, in one line (e.g. {@code no python3 found: ...});
 *                      empty when nothing. Asked before the demo runs
 * @param steps         what the demo does
 */
public record Demo(String summary, Tasks tasks, Seconds seconds, boolean drawsTimeline, Supplier<Optional<String>> needs,
                   Steps steps) {

    /** Nothing is missing: the {@code needs} of a demo that runs anywhere. */
    public static final Supplier<Optional<String>> RUNS_ANYWHERE = Optional::empty;

    /** Checks that no part is null. */
    public Demo {
        Checks.notNull(summary, "summary");
        Checks.notNull(tasks, "tasks");
        Checks.notNull(seconds, "seconds");
        Checks.notNull(needs, "needs");
        Checks.notNull(steps, "steps");
    }

    /**
     * How many tasks a demo runs.
     *
     * @param byDefault the number when {@code --tasks} is not given
     * @param max       the most it allows (a cap from {@link ptlab.task.Limits})
     * @param cap       the name of that cap, for messages, e.g. {@code Limits.MAX_PROCESSES}
     * @param without   why {@code --tasks} does not apply (e.g. {@code it always runs two threads}); empty when it does
     */
    public record Tasks(int byDefault, int max, String cap, Optional<String> without) {

        /** {@code byDefault} tasks, {@code --tasks} from 1 to {@code max}, the cap named {@code cap}. */
        public static Tasks upTo(int byDefault, int max, String cap) {
            return new Tasks(byDefault, max, cap, Optional.empty());
        }

        /** Always {@code count} tasks; {@code --tasks} is refused, saying {@code why}. */
        public static Tasks always(int count, String why) {
            return new Tasks(count, count, "", Optional.of(why));
        }
    }

    /**
     * Seconds per task.
     *
     * @param byDefault the seconds when {@code --seconds} is not given
     * @param min       the fewest it allows
     * @param max       the most it allows with a number of tasks, e.g. so that a sequential run of them fits
     *                  {@link ptlab.task.Limits#MAX_RUN_TIME}
     * @param maxReason why {@code max} is what it is, for messages
     * @param without   why {@code --seconds} does not apply; empty when it does
     */
    public record Seconds(double byDefault, double min, IntToDoubleFunction max, String maxReason, Optional<String> without) {

        /** The fewest seconds per task a demo allows unless it says otherwise: 0.000001. */
        public static final double MIN = 0.000001;

        /** {@code byDefault} seconds, {@code --seconds} from {@code min} to {@code max} of the number of tasks. */
        public static Seconds upTo(double byDefault, double min, IntToDoubleFunction max, String maxReason) {
            return new Seconds(byDefault, min, max, maxReason, Optional.empty());
        }

        /** No seconds to choose; {@code --seconds} is refused, saying {@code why}. */
        public static Seconds none(String why) {
            return new Seconds(0, MIN, tasks -> 0, "", Optional.of(why));
        }

        /** The most seconds per task with this many tasks. */
        public double max(int tasks) {
            return max.applyAsDouble(tasks);
        }
    }

    /** What a demo does when it runs. */
    @FunctionalInterface
    public interface Steps {

        /** Runs the steps; see {@link Demo#run(Settings)}. */
        List<Report> run(Settings settings) throws InterruptedException;
    }

    /** What this machine lacks to run the demo, in one line; empty when nothing. */
    public Optional<String> missing() {
        return needs.get();
    }

    /**
     * Runs the demo.
     *
     * @param settings checked against this demo's limits (when {@code --tasks} or {@code --seconds} does not apply,
     *                 the defaults)
     * @return the reports of its runs, in order; empty for a demo that draws no timeline
     * @throws InterruptedException  when interrupted; everything it started is gone
     * @throws IllegalStateException when something it needs fails while it runs (e.g. python3 does not answer)
     */
    public List<Report> run(Settings settings) throws InterruptedException {
        return steps.run(settings);
    }

    /**
     * What a demo is asked to do.
     *
     * @param tasks   the number of tasks
     * @param seconds seconds per task (for CPU tasks: about)
     * @param out     where to print
     */
    public record Settings(int tasks, double seconds, PrintStream out) {
    }
}
