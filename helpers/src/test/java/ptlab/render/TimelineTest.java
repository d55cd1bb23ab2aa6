package ptlab.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Element;

import ptlab.Runner;
import ptlab.display.Display;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.task.Event;
import ptlab.task.Machine;
import ptlab.task.Report;
import ptlab.task.Task;
import ptlab.testing.NoLeftovers;

/** Timelines drawn from hand-made events and from real runs, read back with an XML parser. */
@ExtendWith(NoLeftovers.class)
class TimelineTest {

    static final long T0 = 1_700_000_000_000_000L;

    static Event event(String name, long pid, String thread, long startMs, long endMs, Event.Status status) {
        return new Event(Task.io(name, 1), pid, 1, thread, T0, T0 + startMs * 1000, T0 + endMs * 1000, 500, status,
                status == Event.Status.OK ? "slept" : "stopped");
    }

    static Event event(String name, long pid, String thread, long startMs, long endMs) {
        return event(name, pid, thread, startMs, endMs, Event.Status.OK);
    }

    /** Two threads of pid 4121 with a lane of pid 4122 starting between them, a lane with two tasks, a failed task. */
    static Report mixed() {
        List<Event> events = List.of(
                event("A", 4121, "worker-A", 0, 1000),
                event("B", 4122, "main", 100, 600),
                event("C", 4121, "worker-B", 200, 900),
                event("D", 4121, "worker-A", 1000, 1500),
                event("E", 4123, "main", 300, 2300, Event.Status.TIMED_OUT));
        return Report.of("mixed", T0, T0 + 2_400_000, Machine.current(), events, List.of());
    }

    record Axis(double x0, double pxPerSecond) {
        double x(double seconds) {
            return x0 + pxPerSecond * seconds;
        }
    }

    /** The axis from its first and last tick: x = x0 + s * pxPerSecond. */
    static Axis axis(Svg svg) {
        List<Element> ticks = svg.all("line", "ptlab-tick");
        assertTrue(ticks.size() >= 2, "at least two ticks");
        Element first = ticks.get(0);
        Element last = ticks.get(ticks.size() - 1);
        double s0 = Double.parseDouble(first.getAttribute("data-seconds"));
        double s1 = Double.parseDouble(last.getAttribute("data-seconds"));
        assertEquals(0.0, s0);
        double px = (Svg.num(last, "x1") - Svg.num(first, "x1")) / (s1 - s0);
        assertTrue(px > 0);
        for (Element t : ticks) {
            double s = Double.parseDouble(t.getAttribute("data-seconds"));
            assertEquals(Svg.num(first, "x1") + px * s, Svg.num(t, "x1"), 0.02, "ticks are evenly spaced");
        }
        return new Axis(Svg.num(first, "x1"), px);
    }

    /** Asserts lanes, bars and geometry of one run's section against its events. */
    static void assertSection(Svg svg, Element run, Report r, Axis axis) {
        List<Element> lanes = svg.all(run, "g", "ptlab-lane");
        Set<String> expected = new LinkedHashSet<>();
        for (Event e : r.events()) {
            expected.add(e.pid() + "/" + e.thread());
        }
        List<String> drawn = lanes.stream().map(l -> l.getAttribute("data-pid") + "/" + l.getAttribute("data-thread")).toList();
        assertEquals(expected.size(), drawn.size(), "one lane per (pid, thread): " + drawn);
        assertEquals(new HashSet<>(expected), new HashSet<>(drawn));
        // lanes of one process are next to each other, inside that process's group
        List<String> pidOrder = new ArrayList<>();
        for (Element l : lanes) {
            String pid = l.getAttribute("data-pid");
            if (pidOrder.isEmpty() || !pidOrder.get(pidOrder.size() - 1).equals(pid)) {
                assertFalse(pidOrder.contains(pid), "lanes of pid " + pid + " are contiguous: " + drawn);
                pidOrder.add(pid);
            }
            Element group = (Element) l.getParentNode();
            assertEquals("ptlab-process", group.getAttribute("class"));
            assertEquals(pid, group.getAttribute("data-pid"));
            String label = Svg.firstText(l);
            assertEquals("pid " + (pid.equals("-1") ? "?" : pid) + " / " + l.getAttribute("data-thread"), label);
        }
        assertEquals(pidOrder.size(), svg.all(run, "g", "ptlab-process").size(), "one group per process");
        // one bar per event, in its lane, placed by its times
        List<Element> bars = svg.all(run, "rect", "ptlab-bar");
        assertEquals(r.events().size(), bars.size());
        Map<String, Element> byTask = new LinkedHashMap<>();
        for (Element b : bars) {
            byTask.put(b.getAttribute("data-task"), b);
        }
        for (Event e : r.events()) {
            Element b = byTask.get(e.name());
            Element lane = (Element) b.getParentNode();
            assertEquals(Long.toString(e.pid()), lane.getAttribute("data-pid"), e.name());
            assertEquals(e.thread(), lane.getAttribute("data-thread"), e.name());
            double start = (e.startMicros() - r.startMicros()) / 1e6;
            double duration = (e.endMicros() - e.startMicros()) / 1e6;
            assertEquals(axis.x(start), Svg.num(b, "x"), 0.02, e.name() + " starts where its start time is");
            assertEquals(Math.max(2, axis.pxPerSecond() * duration), Svg.num(b, "width"), 0.02, e.name() + " is as long as it ran");
            assertEquals(e.status().name(), b.getAttribute("data-status"));
        }
    }

    static void assertReadable(Svg svg) {
        Pattern size = Pattern.compile("font-size: ([0-9.]+)px");
        for (Element t : svg.all("text", null)) {
            Matcher m = size.matcher(t.getAttribute("style"));
            assertTrue(m.find(), "every text has a size: " + t.getAttribute("style"));
            assertTrue(Double.parseDouble(m.group(1)) >= 14, "text at least 14px: " + t.getTextContent());
        }
        Pattern stroke = Pattern.compile("stroke-width: ([0-9.]+)");
        for (String tag : List.of("line", "rect", "text")) {
            for (Element e : svg.all(tag, null)) {
                Matcher m = stroke.matcher(e.getAttribute("style"));
                while (m.find()) {
                    assertTrue(Double.parseDouble(m.group(1)) >= 1.5, "no hairlines: " + tag + " " + e.getAttribute("style"));
                }
                assertEquals("", e.getAttribute("stroke-width"), "stroke widths are set in style only");
            }
        }
    }

    @Test
    void oneLanePerProcessAndThreadAndOneBarPerTaskPlacedByTime() throws Exception {
        Report r = mixed();
        Svg svg = new Svg(Timeline.of(r).toSvg());
        assertEquals("svg", svg.root().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", svg.root().getNamespaceURI());
        List<Element> runs = svg.all("g", "ptlab-run");
        assertEquals(1, runs.size());
        assertSection(svg, runs.get(0), r, axis(svg));
        assertReadable(svg);
        List<String> lanes = svg.all("g", "ptlab-lane").stream().map(l -> l.getAttribute("data-pid") + "/" + l.getAttribute("data-thread"))
                .toList();
        assertEquals(List.of("4121/worker-A", "4121/worker-B", "4122/main", "4123/main"), lanes,
                "processes in order of first start, threads within them too");
        // the failed task is hatched and labelled
        assertEquals(1, svg.all("rect", "ptlab-failed").size());
        String all = svg.root().getTextContent();
        assertTrue(all.contains("E (timed out)"), all);
        // the caption names the runner, the wall time, the CPUs and the quota
        String caption = svg.all("g", "ptlab-caption").get(0).getTextContent();
        Machine m = r.machine();
        assertTrue(caption.contains("mixed: wall time 2.400 s"), caption);
        assertTrue(caption.contains(m.cpus() + (m.cpus() == 1 ? " CPU" : " CPUs") + ", CPU quota " + m.cpuQuotaText()), caption);
        // the axis reaches the end of the run
        List<Element> ticks = svg.all("line", "ptlab-tick");
        assertTrue(Double.parseDouble(ticks.get(ticks.size() - 1).getAttribute("data-seconds")) >= 2.4);
        assertEquals(Timeline.of(r).toSvg(), Timeline.of(r).toSvg(), "the same picture every time");
    }

    @Test
    void comparisonPutsEveryRunOnOneTimeAxis() throws Exception {
        Report seq = Report.of("sequential", T0, T0 + 3_000_000, Machine.current(),
                List.of(event("A", 7, "main", 0, 1000), event("B", 7, "main", 1000, 2000), event("C", 7, "main", 2000, 3000)), List.of());
        long t1 = T0 + 5_000_000; // a later run: its own start is its zero
        Report threads = Report.of("threads", t1, t1 + 1_000_000, Machine.current(),
                List.of(shift(event("A", 7, "worker-A", 0, 1000), 5000), shift(event("B", 7, "worker-B", 1, 1000), 5000),
                        shift(event("C", 7, "worker-C", 2, 1000), 5000)), List.of());
        long t2 = T0 + 8_000_000;
        Report procs = Report.of("processes", t2, t2 + 1_500_000, Machine.current(),
                List.of(shift(event("A", 11, "main", 400, 1400), 8000), shift(event("B", 12, "main", 450, 1450), 8000),
                        shift(event("C", 13, "main", 500, 1500), 8000)), List.of());
        Timeline t = Timeline.compare(seq, threads, procs);
        assertEquals(List.of(seq, threads, procs), t.reports());
        Svg svg = new Svg(t.toSvg());
        assertEquals(1, svg.all("g", "ptlab-axis").size(), "one shared axis");
        Axis axis = axis(svg);
        List<Element> runs = svg.all("g", "ptlab-run");
        assertEquals(List.of("sequential", "threads", "processes"), runs.stream().map(r -> r.getAttribute("data-runner")).toList());
        assertSection(svg, runs.get(0), seq, axis);
        assertSection(svg, runs.get(1), threads, axis);
        assertSection(svg, runs.get(2), procs, axis);
        assertEquals(1, svg.all(runs.get(1), "g", "ptlab-process").size(), "threads: one process");
        assertEquals(3, svg.all(runs.get(2), "g", "ptlab-process").size(), "processes: three");
        assertTrue(runs.get(0).getTextContent().startsWith("sequential: 3 tasks, wall time 3.000 s"));
        assertTrue(runs.get(2).getTextContent().startsWith("processes: 3 tasks, wall time 1.500 s"));
        assertEquals(3.0, t.axisSeconds(), 1e-9, "the longest run sets the axis");
        assertReadable(svg);
        // the same task has the same colour in every run
        Map<String, Set<String>> colours = new LinkedHashMap<>();
        for (Element b : svg.all("rect", "ptlab-bar")) {
            colours.computeIfAbsent(b.getAttribute("data-task"), k -> new HashSet<>()).add(b.getAttribute("style"));
        }
        colours.values().forEach(c -> assertEquals(1, c.size(), colours.toString()));
        assertEquals(3, colours.values().stream().map(c -> c.iterator().next()).distinct().count(), "A, B, C differ");
        // the list overload is the same picture
        assertEquals(t.toSvg(), Timeline.compare(List.of(seq, threads, procs)).toSvg());
        // the text form has one axis too, below all runs
        String text = t.toString();
        assertEquals(1, text.lines().filter(l -> l.strip().startsWith("+-")).count(), text);
        assertTrue(text.indexOf("processes: 3 tasks") < text.indexOf("+-"), text);
    }

    static Event shift(Event e, long ms) {
        long d = ms * 1000;
        return new Event(e.task(), e.pid(), e.parentPid(), e.thread(), e.submittedMicros() + d, e.startMicros() + d,
                e.endMicros() + d, e.cpuMicros(), e.status(), e.result());
    }

    @Test
    void realRunsOfThreadsAndProcessesLookDifferent() throws Exception {
        Report threads = Runner.threads().quiet().run(Task.io("A", 0.05), Task.io("B", 0.05), Task.io("C", 0.05));
        Report procs = Runner.processes().quiet().run(Task.io("A", 0.05), Task.io("B", 0.05));
        Timeline t = Timeline.compare(threads, procs);
        Svg svg = new Svg(t.toSvg());
        Axis axis = axis(svg);
        List<Element> runs = svg.all("g", "ptlab-run");
        assertSection(svg, runs.get(0), threads, axis);
        assertSection(svg, runs.get(1), procs, axis);
        assertEquals(1, svg.all(runs.get(0), "g", "ptlab-process").size(), "three threads in one PID");
        assertEquals(2, svg.all(runs.get(1), "g", "ptlab-process").size(), "two PIDs");
        String text = t.toString();
        for (Event e : threads.events()) {
            assertTrue(text.contains("pid " + e.pid() + " / " + e.thread() + "  |"), text);
        }
    }

    @Test
    void textTimelineLinesUp() {
        Report r = mixed();
        String text = Timeline.of(r).toString();
        List<String> lines = text.lines().toList();
        assertEquals("mixed: 5 tasks, wall time 2.400 s", lines.get(0));
        List<String> rows = lines.stream().filter(l -> l.startsWith("pid ")).toList();
        assertEquals(4, rows.size(), text);
        int bar = rows.get(0).indexOf('|');
        for (String row : rows) {
            assertEquals(bar, row.indexOf('|'), "bars start in one column:\n" + text);
            assertEquals(bar + Timeline.TEXT_WIDTH + 1, row.indexOf('|', bar + 1), "and end in one:\n" + text);
        }
        String axisLine = lines.stream().filter(l -> l.strip().startsWith("+-")).findFirst().orElseThrow();
        assertEquals(bar, axisLine.indexOf('+'), text);
        // the axis is 2.5 s long (ticks of 0.5 s): A (0 to 1 s) fills the first 24 of 60 columns of its row
        String a = rows.get(0).substring(bar + 1, bar + 1 + Timeline.TEXT_WIDTH);
        double perColumn = Timeline.of(r).axisSeconds() / Timeline.TEXT_WIDTH;
        int aEnd = (int) Math.round(1.0 / perColumn);
        assertEquals("A".repeat(aEnd), a.substring(0, aEnd), a);
        assertEquals('D', a.charAt(aEnd), "D follows A on the same thread: " + a);
        assertTrue(rows.get(3).endsWith("E timed out"), rows.get(3));
        // processes are separated by a blank line, threads of one process are not
        int first = lines.indexOf(rows.get(0));
        assertEquals(rows.get(1), lines.get(first + 1));
        assertEquals("", lines.get(first + 2));
        assertFalse(text.lines().anyMatch(l -> l.endsWith(" ")), "no trailing spaces:\n" + text);
    }

    @Test
    void tasksThatShareAFirstLetterGetAKey() {
        Report r = Report.of("threads", T0, T0 + 1_000_000, Machine.current(),
                List.of(event("task-1", 5, "worker-task-1", 0, 500), event("task-2", 5, "worker-task-2", 0, 1000)), List.of());
        String text = Timeline.of(r).toString();
        assertTrue(text.contains("key: A = task-1, B = task-2"), text);
        assertTrue(text.contains("|" + "A".repeat(Timeline.TEXT_WIDTH / 2)), text);
    }

    @Test
    void reportTableHasAllColumnsAndLinesUp() throws Exception {
        Report r = mixed();
        Table t = r.table();
        assertEquals(List.of("task", "kind", "pid", "thread", "start", "end", "duration", "cpu", "result"), t.headers());
        List<String> lines = t.toString().lines().toList();
        // line 0 is the title, then the header and one line per row
        List<List<String>> cells = new ArrayList<>();
        cells.add(t.headers());
        cells.addAll(t.rows());
        Set<Integer> right = Set.of(2, 4, 5, 6, 7);
        int[] edge = null;
        for (int i = 0; i < cells.size(); i++) {
            String line = lines.get(1 + i);
            int[] e = new int[cells.get(i).size()];
            int from = 0;
            for (int c = 0; c < e.length; c++) {
                String cell = cells.get(i).get(c);
                int at = line.indexOf(cell, from);
                assertTrue(at >= 0, "cell " + cell + " in " + line);
                e[c] = right.contains(c) ? at + cell.length() : at;
                from = at + cell.length();
            }
            if (edge == null) {
                edge = e;
            } else {
                assertEquals(java.util.Arrays.toString(edge), java.util.Arrays.toString(e), "columns line up:\n" + t);
            }
        }
        assertEquals(List.of("A", "io", "4121", "worker-A", "0.000 s", "1.000 s", "1.000 s", "0.001 s", "slept"), t.rows().get(0));
        String html = t.toHtml();
        assertTrue(html.contains("<th style=\"text-align: right; padding: 2px 8px\">end</th>"), html);
    }

    @Test
    void bundleHasSvgHtmlAndTextAndPlainDisplayPrintsTheText() throws Exception {
        Timeline t = Timeline.of(mixed());
        MimeBundle b = t.toMimeBundle();
        assertEquals(t.toString(), b.text());
        assertEquals(t.toSvg(), b.get("image/svg+xml").orElseThrow());
        String html = b.get("text/html").orElseThrow();
        assertTrue(html.contains(t.toSvg()), "the HTML holds the same SVG inline");
        new Svg(html); // well-formed too
        assertFalse(Display.framesEnabled());
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            Display.display(t);
        } finally {
            System.setOut(saved);
        }
        assertEquals(t.toString() + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    /** The CSS declarations of a style attribute, by property. */
    static Map<String, String> css(String style) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String d : style.split(";")) {
            int colon = d.indexOf(':');
            if (colon > 0) {
                m.put(d.substring(0, colon).strip(), d.substring(colon + 1).strip());
            }
        }
        return m;
    }

    @Test
    void aLongCaptionIsWrappedInsideThePicture() throws Exception {
        List<Report> runs = new ArrayList<>();
        for (String runner : List.of("CPython one after another", "CPython threads", "CPython processes",
                "sequential", "threads", "processes")) {
            runs.add(Report.of(runner, T0, T0 + 1_234_567, Machine.current(), List.of(event("A", 7, "main", 0, 1000)), List.of()));
        }
        Svg svg = new Svg(Timeline.compare(runs.toArray(Report[]::new)).toSvg());
        double natural = Double.parseDouble(svg.root().getAttribute("viewBox").split(" ")[2]);
        List<Element> caption = svg.all(svg.all("g", "ptlab-caption").get(0), "text", null);
        assertTrue(caption.size() > 2, "the wall times need more than one line: " + caption.size());
        for (Element line : caption) {
            double width = line.getTextContent().length() * 15 * 0.56; // a generous sans-serif estimate
            assertTrue(Svg.num(line, "x") + width <= natural, "fits: \"" + line.getTextContent() + "\"");
        }
        assertEquals(List.of("a b", "cd", "efghij"), TimelineSvg.wrap("a b cd efghij", 3), "broken at spaces, long words kept whole");
    }

    /** The width of the output area the course is checked at: a 1024 px projector with the file browser open. */
    static final double NARROW = 800;

    @Test
    void fitsTheOutputWidthAndItsTextStaysReadableWhenScaledTo800Px() throws Exception {
        Report seq = Report.of("sequential", T0, T0 + 2_500_000, Machine.current(),
                List.of(event("A", 7, "main", 0, 1000), event("B", 7, "main", 1000, 2500)), List.of());
        for (Timeline t : List.of(Timeline.of(mixed()), Timeline.compare(seq, mixed()))) {
            for (Svg svg : List.of(new Svg(t.toSvg()), new Svg(t.toMimeBundle().get("text/html").orElseThrow()))) {
                Element root = svg.root().getLocalName().equals("svg") ? svg.root() : svg.all("svg", null).get(0);
                String[] box = root.getAttribute("viewBox").split(" ");
                assertEquals(4, box.length, "a viewBox: " + root.getAttribute("viewBox"));
                assertEquals(0.0, Double.parseDouble(box[0]));
                assertEquals(0.0, Double.parseDouble(box[1]));
                double natural = Double.parseDouble(box[2]);
                assertEquals("100%", root.getAttribute("width"), "as wide as the output area");
                assertEquals("", root.getAttribute("height"), "its height follows from the viewBox");
                Map<String, String> style = css(root.getAttribute("style"));
                String max = style.getOrDefault("max-width", "");
                assertTrue(max.endsWith("px"), "a max-width in px: " + style);
                assertEquals(natural, Double.parseDouble(max.substring(0, max.length() - 2)), 0.0, "never wider than its natural width");
                assertEquals("auto", style.get("height"));
                assertFalse(style.containsKey("min-width"), "nothing keeps it wider than the output area: " + style);
                assertFalse(List.of(root.getAttribute("class").split(" ")).contains("jp-mod-unconfined"), "JupyterLab may fit it");
                // the smallest text, scaled as the browser scales the viewBox to 800 px
                Pattern size = Pattern.compile("font-size: ([0-9.]+)px");
                double smallest = Double.MAX_VALUE;
                for (Element text : svg.all("text", null)) {
                    Matcher m = size.matcher(text.getAttribute("style"));
                    assertTrue(m.find(), "every text has a size: " + text.getTextContent());
                    smallest = Math.min(smallest, Double.parseDouble(m.group(1)));
                }
                assertTrue(smallest * NARROW / natural >= 12, "at 800 px wide the smallest text is " + smallest * NARROW / natural
                        + " px (" + smallest + " px in a viewBox " + natural + " wide)");
                // everything drawn lies inside the viewBox, the last axis label too
                for (Element r : svg.all("rect", null)) {
                    if (!r.getAttribute("x").isEmpty()) {
                        assertTrue(Svg.num(r, "x") >= 0 && Svg.num(r, "x") + Svg.num(r, "width") <= natural, "inside: " + r.getAttribute("class"));
                    }
                }
                List<Element> ticks = svg.all("line", "ptlab-tick");
                Element lastTick = ticks.get(ticks.size() - 1);
                List<Element> axisTexts = svg.all(svg.all("g", "ptlab-axis").get(0), "text", null);
                String lastLabel = axisTexts.get(axisTexts.size() - 1).getTextContent();
                double halfWidth = lastLabel.length() * smallest * 0.6 / 2; // a generous sans-serif estimate
                assertTrue(Svg.num(lastTick, "x1") + halfWidth <= natural, "the last axis label \"" + lastLabel + "\" fits");
            }
            Svg html = new Svg(t.toMimeBundle().get("text/html").orElseThrow());
            assertEquals("div", html.root().getLocalName());
            assertEquals("100%", css(html.root().getAttribute("style")).get("max-width"), "no wider than the output area");
        }
    }

    @Test
    void oddNamesStayWellFormed() throws Exception {
        Report r = Report.of("a <b> & \"c\"", T0, T0 + 1000, Machine.current(),
                List.of(event("<&>", 9, "t\u0001'\"<x>", 0, 1)), List.of());
        Svg svg = new Svg(Timeline.of(r).toSvg());
        assertEquals("t\uFFFD'\"<x>", svg.all("g", "ptlab-lane").get(0).getAttribute("data-thread"));
        assertEquals("<&>", svg.all("rect", "ptlab-bar").get(0).getAttribute("data-task"));
    }

    @Test
    void manyLanesAreCountedNotDrawn() throws Exception {
        List<Event> events = new ArrayList<>();
        int n = Timeline.MAX_LANES + 8;
        for (int i = 0; i < n; i++) {
            events.add(event("t" + i, 5, "virtual-t" + i, i, 100 + i));
        }
        Report r = Report.of("virtual threads", T0, T0 + 200_000, Machine.current(), events, List.of());
        Svg svg = new Svg(Timeline.of(r).toSvg());
        assertEquals(Timeline.MAX_LANES, svg.all("g", "ptlab-lane").size());
        assertEquals(Timeline.MAX_LANES, svg.all("rect", "ptlab-bar").size());
        assertTrue(svg.root().getTextContent().contains("... 8 more lanes (Timeline.MAX_LANES), 8 more tasks not drawn"));
        assertTrue(Timeline.of(r).toString().contains("... 8 more lanes"));
    }

    @Test
    void emptyRunStillDraws() throws Exception {
        Report r = Report.of("threads", T0, T0, Machine.current(), List.of(), List.of());
        Svg svg = new Svg(Timeline.of(r).toSvg());
        assertEquals(0, svg.all("rect", "ptlab-bar").size());
        assertEquals(0.001, Timeline.of(r).axisSeconds(), 1e-12);
        assertTrue(Timeline.of(r).toString().startsWith("threads: 0 tasks, wall time 0.000 s"));
    }

    @Test
    void paletteReadsOnWhiteAndOnDark() {
        for (String c : Timeline.PALETTE) {
            double l = luminance(c);
            assertTrue(contrast(l, luminance("#ffffff")) >= 3, c + " on white");
            assertTrue(contrast(l, luminance("#111111")) >= 3, c + " on JupyterLab's dark background");
            assertTrue(contrast(l, luminance(Timeline.BAR_TEXT)) >= 3, c + " under the bar text");
        }
        assertEquals(Timeline.PALETTE.size(), new HashSet<>(Timeline.PALETTE).size());
    }

    static double luminance(String hex) {
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            rgb[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    }

    static double contrast(double a, double b) {
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(NullPointerException.class, () -> Timeline.of(null));
        assertThrows(NullPointerException.class, () -> Timeline.compare((Report) null));
        assertThrows(NullPointerException.class, () -> Timeline.compare((List<Report>) null));
        assertTrue(assertThrows(IllegalArgumentException.class, Timeline::compare).getMessage().startsWith("reports must not be empty"));
        Report r = mixed();
        Report[] nine = new Report[Timeline.MAX_RUNS + 1];
        java.util.Arrays.fill(nine, r);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Timeline.compare(nine)).getMessage()
                .contains("(Timeline.MAX_RUNS)"));
    }
}
