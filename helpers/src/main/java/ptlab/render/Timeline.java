package ptlab.render;

import java.util.Arrays;
import java.util.List;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.internal.Checks;
import ptlab.task.Report;

/**
 * A picture of who ran when, and where: one lane per process and thread ({@code pid 4121 / worker-B}), one bar
 * per task, coloured by task, on a time axis in seconds from the run's start. Lanes are grouped by process (a
 * shaded box per PID), so three threads in one process and three processes look different at a glance. Immutable.
 *
 * <pre>{@code
 * Report r = Runner.threads().run(Task.io("A", 1), Task.io("B", 1), Task.io("C", 1));
 * display(Timeline.of(r));                        // one run
 * display(Timeline.compare(seq, threads, procs)); // several runs on one time axis
 * }</pre>
 *
 * <p>Forms: {@link #toSvg()} (an SVG picture), {@link #toString()} (the same as rows of characters, for a
 * terminal or plain {@code jshell}) and {@link #toMimeBundle()} (both, for {@code display(...)}). The SVG takes
 * its text colour and background from JupyterLab's theme when shown inline, so it reads on light and dark themes,
 * and falls back to dark text on white elsewhere. It fits the width of the output area (a {@code viewBox} that
 * scales, never wider than its natural 960 px), and its smallest text is still 12.5 px when it is 800 px wide.
 * Bar colours come from {@link #PALETTE}: mid-tone colours that stand out from both a white and a near-black
 * background. Tasks that did not end well are hatched and labelled with their status. A task keeps its colour
 * across the runs of a comparison.
 *
 * <p>Drawing is in three parts: a layout (lanes, bars and ticks, in microseconds) and its SVG and text drawers.
 *
 * <p>Caps: at most {@value #MAX_RUNS} runs per picture, {@value #MAX_LANES} lanes and {@value #MAX_BARS} bars per
 * run; what is left out is counted in a line below the run.
 */
public final class Timeline implements Displayable {

    /** Runs in one comparison: 8. */
    public static final int MAX_RUNS = 8;

    /** Lanes (process and thread pairs) drawn per run: 32; more are counted, not drawn. */
    public static final int MAX_LANES = 32;

    /** Bars (tasks) drawn per run: 400; more are counted, not drawn. */
    public static final int MAX_BARS = 400;

    /** Width of the text form's time area, in characters: 60. */
    public static final int TEXT_WIDTH = 60;

    /**
     * The bar colours, one per task in order of first start (repeating after the last): blue, orange, green,
     * purple, teal, pink, gold, brown. Each has a contrast of at least 3:1 against white and against
     * {@code #111111} (JupyterLab's dark background), and against the dark bar text {@code #111111}.
     */
    public static final List<String> PALETTE = List.of("#3C78D8", "#D9730D", "#2E9B4E", "#A064BE", "#1A9CA8", "#C2548F",
            "#A88A12", "#B0703F");

    /** The text colour inside bars. */
    static final String BAR_TEXT = "#111111";

    private final TimelineLayout layout;

    private Timeline(List<Report> reports, boolean comparison) {
        this.layout = TimelineLayout.of(reports, comparison);
    }

    /**
     * The timeline of one run.
     *
     * @param report the run, not null
     */
    public static Timeline of(Report report) {
        Checks.notNull(report, "report");
        return new Timeline(List.of(report), false);
    }

    /**
     * Several runs on one time axis, one section per run (headed by the runner's name and its wall time), each
     * run's times counted from its own start: the seeds' sequential, threads and processes runs side by side.
     *
     * @param reports 1 to {@value #MAX_RUNS} runs
     */
    public static Timeline compare(Report... reports) {
        Checks.noNulls(reports, "reports");
        return compare(Arrays.asList(reports));
    }

    /**
     * Several runs on one time axis; see {@link #compare(Report...)}.
     *
     * @param reports 1 to {@value #MAX_RUNS} runs
     */
    public static Timeline compare(List<Report> reports) {
        List<Report> list = Checks.nonEmptyList(reports, "reports", MAX_RUNS, "runs per timeline", "Timeline.MAX_RUNS");
        return new Timeline(list, true);
    }

    /** The runs shown, in order. */
    public List<Report> reports() {
        return layout.reports();
    }

    /** The length of the time axis in seconds (the longest run, rounded up to the next tick). */
    public double axisSeconds() {
        return layout.axisMicros() / 1e6;
    }

    /**
     * The SVG picture: a standalone SVG document (UTF-8 text, no XML declaration) that also works inline in
     * HTML. Elements carry classes and {@code data-} attributes for tools and tests: each run is a
     * {@code <g class="ptlab-run" data-runner>}, each process a {@code <g class="ptlab-process" data-pid>}, each
     * lane a {@code <g class="ptlab-lane" data-pid data-thread>}, each task a {@code <rect class="ptlab-bar"
     * data-task>} with a tooltip, each axis tick a {@code <line class="ptlab-tick" data-seconds>}.
     */
    public String toSvg() {
        return TimelineSvg.draw(layout);
    }

    /**
     * The text form: per run a heading line, then one row per lane ({@code pid 4121 / worker-A  |AAAA    |}),
     * each task drawn with its symbol (the first character of its name, or a letter from a key printed below
     * when names share a first character), processes separated by a blank line, tasks that did not end well named
     * after their row; then one time axis for all runs and the caption. {@value #TEXT_WIDTH} characters stand for
     * the whole axis.
     */
    @Override
    public String toString() {
        return TimelineText.draw(layout);
    }

    /** The SVG (also inline in HTML, where it follows JupyterLab's theme) and the text form. */
    @Override
    public MimeBundle toMimeBundle() {
        String svg = toSvg();
        return MimeBundle.of(toString()).with("image/svg+xml", svg).with("text/html",
                "<div class=\"ptlab-timeline\" style=\"max-width: 100%; overflow-x: auto\">" + svg + "</div>");
    }
}
