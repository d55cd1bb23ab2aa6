package ptlab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import ptlab.Report;

/**
 * One demonstration the command line can run ({@code java -jar ptlab-helpers.jar demo NAME}): what it is, how
 * many tasks and how many seconds per task it allows, what it needs, and how it runs. A demo prints as it goes and
 * returns the reports of its runs, which the command line draws on one time axis (and writes as SVG or trace on
 * request); a demo that draws no timeline returns none, and a demo whose size is fixed says why {@code --tasks} or
 * {@code --seconds} does not apply. The demos on offer are listed in {@link Demos#all()}.
 */
public interface Demo {

    /** What the demo shows, in one line for {@code --help}. */
    String summary();

    /** The number of tasks when {@code --tasks} is not given. */
    int defaultTasks();

    /** The most tasks this demo allows (a cap from {@link ptlab.Limits}). */
    int maxTasks();

    /** The name of the cap behind {@link #maxTasks()}, for messages, e.g. {@code Limits.MAX_PROCESSES}. */
    String maxTasksConstant();

    /**
     * The seconds per task when {@code --seconds} is not given. A demo that takes seconds overrides the three
     * seconds methods; one whose {@link #withoutSeconds()} is present has no use for them.
     */
    default double defaultSeconds() {
        return 0;
    }

    /**
     * The most seconds per task this demo allows with this many tasks, e.g. so that a sequential run of them fits
     * {@link ptlab.Limits#MAX_RUN_TIME}.
     */
    default double maxSeconds(int tasks) {
        return 0;
    }

    /** Why {@link #maxSeconds(int)} is what it is, for messages. */
    default String maxSecondsReason() {
        return "";
    }

    /** The fewest seconds per task this demo allows: 0.000001 unless it says otherwise. */
    default double minSeconds() {
        return 0.000001;
    }

    /** Why {@code --tasks} does not apply to this demo (e.g. {@code it always runs two threads}); empty when it does. */
    default Optional<String> withoutTasks() {
        return Optional.empty();
    }

    /** Why {@code --seconds} does not apply to this demo; empty when it does. */
    default Optional<String> withoutSeconds() {
        return Optional.empty();
    }

    /** Whether {@link #run(Settings)} returns reports to draw; when not, {@code --svg} and {@code --trace} are refused. */
    default boolean drawsTimeline() {
        return true;
    }

    /**
     * What this machine lacks to run the demo, in one line (e.g. {@code no python3 found: ...}); empty when nothing.
     * Asked before the demo runs.
     */
    default Optional<String> missing() {
        return Optional.empty();
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
    List<Report> run(Settings settings) throws InterruptedException;

    /**
     * What a demo is asked to do.
     *
     * @param tasks   the number of tasks
     * @param seconds seconds per task (for CPU tasks: about)
     * @param out     where to print
     */
    record Settings(int tasks, double seconds, PrintStream out) {
    }
}
