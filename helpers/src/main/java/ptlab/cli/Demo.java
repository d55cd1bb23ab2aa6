package ptlab.cli;

import java.io.PrintStream;
import java.util.List;

import ptlab.Report;
import ptlab.RunInterruptedException;

/**
 * One demonstration the command line can run ({@code java -jar ptlab-helpers.jar demo NAME}): what it is, how
 * many tasks and how many seconds per task it allows, and how it runs. A demo prints as it goes and returns the
 * reports of its runs, which the command line draws on one time axis (and writes as SVG or trace on request).
 * The demos on offer are listed in {@link Demos#all()}.
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

    /** The seconds per task when {@code --seconds} is not given. */
    double defaultSeconds();

    /**
     * The most seconds per task this demo allows with this many tasks, e.g. so that a sequential run of them fits
     * {@link ptlab.Limits#MAX_RUN_TIME}.
     */
    double maxSeconds(int tasks);

    /** Why {@link #maxSeconds(int)} is what it is, for messages. */
    String maxSecondsReason();

    /**
     * Runs the demo.
     *
     * @param settings checked against this demo's limits
     * @return the reports of its runs, in order (may be empty for a demo that draws no timeline)
     * @throws RunInterruptedException when interrupted; everything it started is gone
     */
    List<Report> run(Settings settings) throws RunInterruptedException;

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
