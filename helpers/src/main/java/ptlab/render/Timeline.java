package ptlab.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ptlab.Event;
import ptlab.Report;
import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.internal.Checks;
import ptlab.internal.Text;

/**
 * A picture of who ran when, and where: one lane per process and thread ({@code pid 4121 / worker-B}), one bar
 * per task, coloured by task, on a time axis in seconds from the run's start. Lanes are grouped by process (a
 * shaded box per PID), so three threads in one process and three processes look different at a glance. Immutable.
 *
 * <pre>{@code
 * Report r = Runner.threads().run(Task.io("A", 1), Task.io("B", 1), Task.io("C", 1));
 * display(r.timeline());                          // one run
 * display(Timeline.compare(seq, threads, procs)); // several runs on one time axis
 * }</pre>
 *
 * <p>Forms: {@link #toSvg()} (an SVG picture), {@link #toString()} (the same as rows of characters, for a
 * terminal or plain {@code jshell}) and {@link #toMimeBundle()} (both, for {@code display(...)}). The SVG takes
 * its text colour and background from JupyterLab's theme when shown inline, so it reads on light and dark themes,
 * and falls back to dark text on white elsewhere. It keeps its natural width (1000 px) so that its text stays
 * readable: in a narrower output area it scrolls sideways rather than shrinks. Bar colours come from
 * {@link #PALETTE}: mid-tone colours that stand out from both a white and a near-black background. Tasks that did not end well are hatched and labelled
 * with their status. A task keeps its colour across the runs of a comparison.
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

    private static final String FG = "var(--jp-content-font-color0, #1a1a1a)";
    private static final String BG = "var(--jp-layout-color0, #ffffff)";
    private static final String SANS = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Roboto, Arial, sans-serif";
    private static final String MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

    // SVG layout, in px
    private static final int WIDTH = 1000; // never drawn narrower: see toSvg()
    private static final double MONO_CHAR = 9.6; // 16px monospace
    private static final double BOLD_CHAR = 9.0; // 15px bold sans, generous estimate
    private static final int LANE_H = 36;
    private static final int BAR_H = 26;
    private static final int GROUP_PAD = 6;
    private static final int GROUP_GAP = 10;
    private static final int MAX_LABEL_CHARS = 40;

    private final List<Report> reports;
    private final boolean comparison;
    private final List<Section> sections;
    private final Map<String, Integer> colours;
    private final long axisMicros;
    private final long stepMicros;

    private record Lane(long pid, String thread, List<Event> events) {
        String label() {
            return "pid " + (pid < 0 ? "?" : Long.toString(pid)) + " / " + Text.cut(thread, MAX_LABEL_CHARS - 16);
        }
    }

    private record Group(long pid, List<Lane> lanes) {
    }

    private record Section(Report report, List<Group> groups, int hiddenLanes, int hiddenBars) {
        long offset(long epochMicros) {
            return Math.max(0, epochMicros - report.startMicros());
        }
    }

    private Timeline(List<Report> reports, boolean comparison) {
        this.reports = List.copyOf(reports);
        this.comparison = comparison;
        List<Section> s = new ArrayList<>();
        Map<String, Integer> c = new LinkedHashMap<>();
        long span = 0;
        for (Report r : this.reports) {
            Section section = section(r);
            s.add(section);
            span = Math.max(span, r.endMicros() - r.startMicros());
            for (Event e : r.events()) {
                span = Math.max(span, section.offset(e.endMicros()));
                c.putIfAbsent(e.name(), c.size() % PALETTE.size());
            }
        }
        this.sections = List.copyOf(s);
        this.colours = c;
        span = Math.max(span, 1_000); // an empty or instant run still gets an axis of 1 ms
        this.stepMicros = step(span);
        this.axisMicros = (span + stepMicros - 1) / stepMicros * stepMicros;
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
        return reports;
    }

    /** The length of the time axis in seconds (the longest run, rounded up to the next tick). */
    public double axisSeconds() {
        return axisMicros / 1e6;
    }

    private static Section section(Report r) {
        Map<Long, Map<String, List<Event>>> byPid = new LinkedHashMap<>();
        for (Event e : r.events()) {
            byPid.computeIfAbsent(e.pid(), k -> new LinkedHashMap<>()).computeIfAbsent(e.thread(), k -> new ArrayList<>()).add(e);
        }
        // unknown processes last
        Map<String, List<Event>> unknown = byPid.remove(-1L);
        if (unknown != null) {
            byPid.put(-1L, unknown);
        }
        List<Group> groups = new ArrayList<>();
        int lanes = 0;
        int hiddenLanes = 0;
        int bars = 0;
        int hiddenBars = 0;
        for (Map.Entry<Long, Map<String, List<Event>>> p : byPid.entrySet()) {
            List<Lane> shown = new ArrayList<>();
            for (Map.Entry<String, List<Event>> t : p.getValue().entrySet()) {
                if (lanes == MAX_LANES) {
                    hiddenLanes++;
                    hiddenBars += t.getValue().size();
                    continue;
                }
                lanes++;
                List<Event> kept = new ArrayList<>();
                for (Event e : t.getValue()) {
                    if (bars < MAX_BARS) {
                        kept.add(e);
                        bars++;
                    } else {
                        hiddenBars++;
                    }
                }
                shown.add(new Lane(p.getKey(), t.getKey(), List.copyOf(kept)));
            }
            if (!shown.isEmpty()) {
                groups.add(new Group(p.getKey(), List.copyOf(shown)));
            }
        }
        return new Section(r, List.copyOf(groups), hiddenLanes, hiddenBars);
    }

    /** A tick step of 1, 2 or 5 times a power of ten microseconds, giving at most 6 intervals. */
    private static long step(long span) {
        long power = 1;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                long step = m * power;
                if ((span + step - 1) / step <= 6) {
                    return step;
                }
            }
            power *= 10;
        }
    }

    private static String seconds(long micros) {
        return Text.number(micros / 1e6) + " s";
    }

    private String colour(Event e) {
        return PALETTE.get(colours.getOrDefault(e.name(), 0));
    }

    private static String barLabel(Event e) {
        return e.ok() ? e.name() : e.name() + " (" + e.status().words() + ")";
    }

    private String heading(Report r) {
        int n = r.events().size();
        return r.runner() + ": " + n + (n == 1 ? " task" : " tasks") + ", wall time " + Text.seconds(r.endMicros() - r.startMicros());
    }

    private String machineText() {
        Report first = reports.get(0);
        boolean same = reports.stream().allMatch(r -> r.cpus() == first.cpus() && r.cpuQuota().equals(first.cpuQuota()));
        if (!same) {
            StringBuilder b = new StringBuilder();
            for (Report r : reports) {
                b.append(b.isEmpty() ? "" : ", ").append(r.runner()).append(" on ").append(cpus(r));
            }
            return b.toString();
        }
        return cpus(first);
    }

    private static String cpus(Report r) {
        return r.cpus() + (r.cpus() == 1 ? " CPU" : " CPUs") + ", CPU quota " + r.cpuQuota();
    }

    /** The caption, two lines: runner(s), wall time(s), CPU count and quota; then what the axis counts. */
    List<String> caption() {
        if (!comparison) {
            Report r = reports.get(0);
            return List.of(r.runner() + ": wall time " + Text.seconds(r.endMicros() - r.startMicros()) + "; " + machineText(),
                    "time in seconds from the run's start; dashed line: the run's end");
        }
        StringBuilder b = new StringBuilder();
        for (Report r : reports) {
            b.append(b.isEmpty() ? "" : ", ").append(r.runner()).append(' ').append(Text.seconds(r.endMicros() - r.startMicros()));
        }
        return List.of("wall time: " + b + "; " + machineText(),
                "time in seconds from each run's start; dashed lines: the runs' ends");
    }

    // ---------------------------------------------------------------- SVG

    /**
     * The SVG picture: a standalone SVG document (UTF-8 text, no XML declaration) that also works inline in
     * HTML. Elements carry classes and {@code data-} attributes for tools and tests: each run is a
     * {@code <g class="ptlab-run" data-runner>}, each process a {@code <g class="ptlab-process" data-pid>}, each
     * lane a {@code <g class="ptlab-lane" data-pid data-thread>}, each task a {@code <rect class="ptlab-bar"
     * data-task>} with a tooltip, each axis tick a {@code <line class="ptlab-tick" data-seconds>}.
     */
    public String toSvg() {
        int maxLabel = 0;
        for (Section s : sections) {
            for (Group g : s.groups) {
                for (Lane l : g.lanes) {
                    maxLabel = Math.max(maxLabel, Text.width(l.label()));
                }
            }
        }
        double plotLeft = 20 + maxLabel * MONO_CHAR + 20;
        double plotRight = WIDTH - 44;
        double plotWidth = plotRight - plotLeft;
        String hatch = "ptlab-hatch-" + Integer.toHexString(idSeed());

        StringBuilder body = new StringBuilder();
        double y = 14;
        double gridTop = -1;
        for (Section s : sections) {
            body.append("<g class=\"ptlab-run\" data-runner=\"").append(xml(s.report.runner())).append("\">");
            text(body, 12, y + 20, 18, "bold", SANS, FG, "start", heading(s.report));
            y += 32;
            double lanesTop = y;
            if (gridTop < 0) {
                gridTop = y;
            }
            for (Group g : s.groups) {
                double groupTop = y;
                double h = GROUP_PAD * 2 + LANE_H * g.lanes.size();
                body.append("<g class=\"ptlab-process\" data-pid=\"").append(g.pid).append("\">");
                body.append("<rect class=\"ptlab-process-box\" x=\"8\" y=\"").append(f(groupTop)).append("\" width=\"")
                        .append(WIDTH - 16).append("\" height=\"").append(f(h)).append("\" rx=\"8\" style=\"fill: ").append(FG)
                        .append("; fill-opacity: 0.07; stroke: ").append(FG).append("; stroke-opacity: 0.4; stroke-width: 1.5\"/>");
                y += GROUP_PAD;
                for (Lane l : g.lanes) {
                    lane(body, s, l, y, plotLeft, plotWidth, hatch);
                    y += LANE_H;
                }
                y += GROUP_PAD;
                body.append("</g>");
                y += GROUP_GAP;
            }
            double lanesBottom = y - GROUP_GAP;
            // the end of this run
            double xEnd = plotLeft + plotWidth * s.offset(s.report.endMicros()) / axisMicros;
            body.append("<line class=\"ptlab-run-end\" x1=\"").append(f(xEnd)).append("\" y1=\"").append(f(lanesTop - 4))
                    .append("\" x2=\"").append(f(xEnd)).append("\" y2=\"").append(f(lanesBottom + 4)).append("\" style=\"stroke: ")
                    .append(FG).append("; stroke-width: 2.5; stroke-dasharray: 7 5\"><title>")
                    .append(xml(s.report.runner() + " ended after " + Text.seconds(s.report.endMicros() - s.report.startMicros())))
                    .append("</title></line>");
            if (s.hiddenLanes > 0 || s.hiddenBars > 0) {
                text(body, 20, y + 14, 15, "normal", SANS, FG, "start", hiddenNote(s));
                y += 26;
            }
            body.append("</g>");
            y += 8;
        }
        if (gridTop < 0) {
            gridTop = y;
        }
        double axisY = y;

        StringBuilder grid = new StringBuilder("<g class=\"ptlab-axis\">");
        for (long t = 0; t <= axisMicros; t += stepMicros) {
            double x = plotLeft + plotWidth * t / axisMicros;
            grid.append("<line class=\"ptlab-grid\" x1=\"").append(f(x)).append("\" y1=\"").append(f(gridTop)).append("\" x2=\"")
                    .append(f(x)).append("\" y2=\"").append(f(axisY)).append("\" style=\"stroke: ").append(FG)
                    .append("; stroke-opacity: 0.22; stroke-width: 1.5\"/>");
            grid.append("<line class=\"ptlab-tick\" data-seconds=\"").append(Text.number(t / 1e6)).append("\" x1=\"").append(f(x))
                    .append("\" y1=\"").append(f(axisY)).append("\" x2=\"").append(f(x)).append("\" y2=\"").append(f(axisY + 8))
                    .append("\" style=\"stroke: ").append(FG).append("; stroke-width: 2\"/>");
            text(grid, x, axisY + 27, 15, "normal", SANS, FG, "middle", seconds(t));
        }
        grid.append("<line class=\"ptlab-baseline\" x1=\"").append(f(plotLeft)).append("\" y1=\"").append(f(axisY))
                .append("\" x2=\"").append(f(plotRight)).append("\" y2=\"").append(f(axisY)).append("\" style=\"stroke: ")
                .append(FG).append("; stroke-width: 2\"/>");
        grid.append("</g>");
        double captionY = axisY + 56;
        StringBuilder caption = new StringBuilder("<g class=\"ptlab-caption\">");
        for (String line : caption()) {
            text(caption, 12, captionY, 15, "normal", SANS, FG, "start", line);
            captionY += 22;
        }
        caption.append("</g>");
        double height = captionY - 8;

        StringBuilder svg = new StringBuilder(body.length() + grid.length() + 1024);
        // Drawn at its natural size, never scaled down (scaled, its 15 px text would fall below 14 px); a narrow
        // output area scrolls instead. jp-mod-unconfined is JupyterLab's own class for "do not fit to the width".
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ptlab-timeline jp-mod-unconfined\" width=\"").append(WIDTH)
                .append("\" height=\"").append(f(height)).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(f(height))
                .append("\" role=\"img\" aria-label=\"").append(xml(title())).append("\" style=\"max-width: none; min-width: ")
                .append(WIDTH).append("px; height: auto\">");
        svg.append("<title>").append(xml(title())).append("</title>");
        svg.append("<defs><pattern id=\"").append(hatch).append("\" width=\"12\" height=\"12\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"12\" style=\"fill: ").append(BAR_TEXT)
                .append("; fill-opacity: 0.55\"/></pattern></defs>");
        svg.append("<rect class=\"ptlab-background\" width=\"").append(WIDTH).append("\" height=\"").append(f(height))
                .append("\" style=\"fill: ").append(BG).append("\"/>");
        svg.append(grid).append(body).append(caption).append("</svg>");
        return svg.toString();
    }

    private void lane(StringBuilder b, Section s, Lane l, double y, double plotLeft, double plotWidth, String hatch) {
        b.append("<g class=\"ptlab-lane\" data-pid=\"").append(l.pid).append("\" data-thread=\"").append(xml(l.thread))
                .append("\">");
        text(b, 20, y + LANE_H / 2.0, 16, "normal", MONO, FG, "start", l.label());
        double barY = y + (LANE_H - BAR_H) / 2.0;
        List<Event> events = l.events;
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            double x = plotLeft + plotWidth * s.offset(e.startMicros()) / axisMicros;
            double w = Math.max(2, plotWidth * (e.endMicros() - e.startMicros()) / axisMicros);
            b.append("<rect class=\"ptlab-bar\" data-task=\"").append(xml(e.name())).append("\" data-status=\"")
                    .append(e.status().name()).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(barY))
                    .append("\" width=\"").append(f(w)).append("\" height=\"").append(BAR_H).append("\" rx=\"4\" style=\"fill: ")
                    .append(colour(e)).append("\"><title>").append(xml(tooltip(s, e))).append("</title></rect>");
            if (!e.ok()) {
                b.append("<rect class=\"ptlab-failed\" x=\"").append(f(x)).append("\" y=\"").append(f(barY)).append("\" width=\"")
                        .append(f(w)).append("\" height=\"").append(BAR_H).append("\" rx=\"4\" style=\"fill: url(#").append(hatch)
                        .append("); stroke: ").append(BAR_TEXT).append("; stroke-width: 2; stroke-dasharray: 5 3\"/>");
            }
            String label = barLabel(e);
            double need = Text.width(label) * BOLD_CHAR + 14;
            double room = (i + 1 < events.size() ? plotLeft + plotWidth * s.offset(events.get(i + 1).startMicros()) / axisMicros
                    : WIDTH - 12) - (x + w);
            if (need <= w && !e.ok()) {
                // a halo in the bar's colour keeps the label readable over the hatching
                b.append("<text x=\"").append(f(x + 7)).append("\" y=\"").append(f(y + LANE_H / 2.0))
                        .append("\" dy=\"0.35em\" style=\"font-family: ").append(SANS).append("; font-size: 15px; font-weight: bold; fill: ")
                        .append(BAR_TEXT).append("; stroke: ").append(colour(e)).append("; stroke-width: 5px; stroke-linejoin: round; ")
                        .append("paint-order: stroke\">").append(xml(label)).append("</text>");
            } else if (need <= w) {
                text(b, x + 7, y + LANE_H / 2.0, 15, "bold", SANS, BAR_TEXT, "start", label);
            } else if (need <= room) {
                text(b, x + w + 6, y + LANE_H / 2.0, 15, "bold", SANS, FG, "start", label);
            }
        }
        b.append("</g>");
    }

    private static String tooltip(Section s, Event e) {
        return e.name() + ": pid " + (e.pid() < 0 ? "?" : e.pid()) + " / " + e.thread() + ", " + Text.seconds(s.offset(e.startMicros()))
                + " to " + Text.seconds(s.offset(e.endMicros())) + " (" + Text.seconds(e.endMicros() - e.startMicros()) + "), cpu "
                + (e.cpuMicros() < 0 ? "-" : Text.seconds(e.cpuMicros())) + ", " + e.status().words()
                + (e.result().isEmpty() ? "" : ": " + e.result());
    }

    private static String hiddenNote(Section s) {
        List<String> parts = new ArrayList<>();
        if (s.hiddenLanes > 0) {
            parts.add(s.hiddenLanes + " more " + (s.hiddenLanes == 1 ? "lane" : "lanes") + " (Timeline.MAX_LANES)");
        }
        int barsOnly = s.hiddenBars;
        if (barsOnly > 0) {
            parts.add(barsOnly + " more " + (barsOnly == 1 ? "task" : "tasks") + " not drawn"
                    + (s.hiddenLanes > 0 ? "" : " (Timeline.MAX_BARS)"));
        }
        return "... " + String.join(", ", parts);
    }

    private String title() {
        if (!comparison) {
            return "Timeline of " + heading(reports.get(0));
        }
        return "Timelines of " + reports.size() + " runs: " + String.join("; ", reports.stream().map(this::heading).toList());
    }

    /** A stable seed for element IDs, so that two pictures inline in one page do not share a hatch pattern by accident. */
    private int idSeed() {
        int h = 17;
        for (Report r : reports) {
            h = 31 * h + Long.hashCode(r.startMicros());
            h = 31 * h + Long.hashCode(r.endMicros());
            h = 31 * h + r.runner().hashCode();
            h = 31 * h + r.events().size();
        }
        return h & 0x7fffffff;
    }

    private static void text(StringBuilder b, double x, double y, int size, String weight, String family, String fill,
                             String anchor, String content) {
        b.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" dy=\"").append(size > 16 ? "0" : "0.35em")
                .append("\" text-anchor=\"").append(anchor).append("\" style=\"font-family: ").append(family)
                .append("; font-size: ").append(size).append("px; font-weight: ").append(weight).append("; fill: ").append(fill)
                .append("\">").append(xml(content)).append("</text>");
    }

    private static String f(double v) {
        long hundredths = Math.round(v * 100);
        String s = Long.toString(Math.abs(hundredths) / 100);
        long frac = Math.abs(hundredths) % 100;
        String sign = hundredths < 0 ? "-" : "";
        if (frac == 0) {
            return sign + s;
        }
        return sign + s + "." + (frac < 10 ? "0" + frac : frac % 10 == 0 ? Long.toString(frac / 10) : Long.toString(frac));
    }

    /** Escapes text for XML content and attributes; characters XML 1.0 cannot hold become U+FFFD. */
    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- text

    /**
     * The text form: per run a heading line, then one row per lane ({@code pid 4121 / worker-A  |AAAA    |}),
     * each task drawn with its symbol (the first character of its name, or a letter from a key printed below
     * when names share a first character), processes separated by a blank line, tasks that did not end well named
     * after their row; then one time axis for all runs and the caption. {@value #TEXT_WIDTH} characters stand for
     * the whole axis.
     */
    @Override
    public String toString() {
        Map<String, Character> symbols = symbols();
        int labelWidth = 0;
        for (Section s : sections) {
            for (Group g : s.groups) {
                for (Lane l : g.lanes) {
                    labelWidth = Math.max(labelWidth, Text.width(l.label()));
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (Section s : sections) {
            b.append(heading(s.report)).append('\n');
            boolean firstGroup = true;
            for (Group g : s.groups) {
                if (!firstGroup) {
                    b.append('\n');
                }
                firstGroup = false;
                for (Lane l : g.lanes) {
                    char[] row = new char[TEXT_WIDTH];
                    Arrays.fill(row, ' ');
                    List<String> notes = new ArrayList<>();
                    for (Event e : l.events) {
                        int from = column(s.offset(e.startMicros()));
                        int to = Math.max(from + 1, column(s.offset(e.endMicros())));
                        for (int c = from; c < to && c < TEXT_WIDTH; c++) {
                            row[c] = symbols.get(e.name());
                        }
                        if (!e.ok()) {
                            notes.add(e.name() + " " + e.status().words());
                        }
                    }
                    String label = l.label();
                    b.append(label).append(" ".repeat(labelWidth - Text.width(label))).append("  |").append(row).append('|');
                    if (!notes.isEmpty()) {
                        b.append("  ").append(String.join(", ", notes));
                    }
                    b.append('\n');
                }
            }
            if (s.hiddenLanes > 0 || s.hiddenBars > 0) {
                b.append(hiddenNote(s)).append('\n');
            }
        }
        // axis: ticks and labels
        String pad = " ".repeat(labelWidth + 2);
        char[] axis = new char[TEXT_WIDTH + 2];
        Arrays.fill(axis, '-');
        StringBuilder labels = new StringBuilder();
        for (long t = 0; t <= axisMicros; t += stepMicros) {
            int c = t == axisMicros ? TEXT_WIDTH + 1 : column(t);
            axis[c] = '+';
            String label = seconds(t);
            if (labels.length() > 0 && labels.length() + 1 > c) {
                continue; // no room: keep the tick, drop the label
            }
            labels.append(" ".repeat(c - labels.length())).append(label);
        }
        axis[0] = '+';
        b.append(pad).append(axis).append('\n');
        b.append(pad).append(labels).append('\n');
        String key = key(symbols);
        if (!key.isEmpty()) {
            b.append(key).append('\n');
        }
        b.append(String.join("\n", caption()));
        return b.toString();
    }

    private int column(long offsetMicros) {
        return (int) Math.min(TEXT_WIDTH, Math.round((double) offsetMicros * TEXT_WIDTH / axisMicros));
    }

    /** One character per task: its first character when that is unique and visible, else a free letter or digit. */
    private Map<String, Character> symbols() {
        Map<Character, Integer> firsts = new LinkedHashMap<>();
        for (String name : colours.keySet()) {
            firsts.merge(name.charAt(0), 1, Integer::sum);
        }
        Map<String, Character> symbols = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (String name : colours.keySet()) {
            char c = name.charAt(0);
            if (firsts.get(c) == 1 && Character.isLetterOrDigit(c) && !Character.isSurrogate(c)) {
                symbols.put(name, c);
            } else {
                rest.add(name);
            }
        }
        String pool = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#*@%&=+";
        int next = 0;
        for (String name : rest) {
            char c = '?';
            while (next < pool.length()) {
                char candidate = pool.charAt(next++);
                if (!symbols.containsValue(candidate)) {
                    c = candidate;
                    break;
                }
            }
            symbols.put(name, c);
        }
        return symbols;
    }

    private static String key(Map<String, Character> symbols) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Character> e : symbols.entrySet()) {
            if (e.getKey().charAt(0) != e.getValue()) {
                parts.add(e.getValue() + " = " + e.getKey());
            }
        }
        return parts.isEmpty() ? "" : "key: " + String.join(", ", parts);
    }

    /** The SVG (also inline in HTML, where it follows JupyterLab's theme) and the text form. */
    @Override
    public MimeBundle toMimeBundle() {
        String svg = toSvg();
        return MimeBundle.of(toString()).with("image/svg+xml", svg).with("text/html",
                "<div class=\"ptlab-timeline\" style=\"max-width: 100%; overflow-x: auto\">" + svg + "</div>");
    }
}
