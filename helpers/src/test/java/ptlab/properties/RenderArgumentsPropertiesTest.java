package ptlab.properties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import ptlab.display.Display;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.render.Timeline;
import ptlab.render.Trace;
import ptlab.task.Event;
import ptlab.task.Machine;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * Bad input for what draws and shows results ({@code ptlab.render}: Table, Timeline, Trace; {@code ptlab.display}:
 * the bundle builders): 1,000 generated argument sets per property, most of them invalid; valid ones are
 * rendered to text (and HTML) so that drawing odd values is exercised too. {@code Display.display},
 * {@code updateDisplay} and {@code clearOutput} write to the notebook channel and are left to DisplayTest.
 */
class RenderArgumentsPropertiesTest extends ArgumentProperties {

    private static Path dir;

    @BeforeContainer
    static void folder() throws IOException {
        dir = Files.createTempDirectory("ptlab-props");
    }

    @AfterContainer
    static void removeFolder() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Provide Arbitrary<String> names() { return anyNames(); }
    @Provide Arbitrary<Integer> ints() { return anyInts(); }
    @Provide Arbitrary<List<String>> headers() { return stringLists(30); }

    // ---- Table ----

    @Property(tries = 1000)
    void tableBuilderTitleFooter(@ForAll("headers") List<String> headers, @ForAll("names") String title,
                                 @ForAll("names") String footer) {
        validOrClear(() -> Table.builder(array(headers)).title(title).footer(footer).build().toMimeBundle(),
                "headers", "title", "line");
    }

    @Property(tries = 1000)
    void tableRowsAndAlign(@ForAll("cells") List<Object> cells, @ForAll("columns") List<Integer> columns) {
        int[] cols = columns == null ? null : columns.stream().mapToInt(Integer::intValue).toArray();
        validOrClear(() -> Table.builder("a", "b", "c").alignRight(cols).row(cells == null ? null : cells.toArray())
                .build().toString(), "cells", "columns");
    }

    @Provide
    Arbitrary<List<Object>> cells() {
        Arbitrary<Object> cell = Arbitraries.oneOf(anyNames().map(s -> (Object) s), Arbitraries.integers().map(i -> (Object) i));
        return Arbitraries.oneOf(cell.list().ofMaxSize(6), Arbitraries.just((List<Object>) null));
    }

    @Provide
    Arbitrary<List<Integer>> columns() {
        return Arbitraries.oneOf(anyInts().list().ofMaxSize(4), Arbitraries.integers().between(0, 2).list().ofMaxSize(3),
                Arbitraries.just((List<Integer>) null));
    }

    // ---- Timeline and Trace ----

    @Property(tries = 1000)
    void timelineOfAndCompare(@ForAll("reports") List<Report> reports) {
        validOrClear(() -> {
            if (reports != null && reports.size() == 1) {
                Timeline.of(reports.get(0)).toString();
            }
            Timeline.compare(reports).toMimeBundle();
        }, "report", "reports");
    }

    @Property(tries = 1000)
    void timelineCompareArray(@ForAll("reports") List<Report> reports) {
        validOrClear(() -> Timeline.compare(reports == null ? null : reports.toArray(Report[]::new)).toString(), "reports");
    }

    @Property(tries = 1000)
    void traceOfAndWrite(@ForAll("reports") List<Report> reports, @ForAll boolean nullFile) {
        Path file = nullFile ? null : dir.resolve("trace.json");
        validOrClear(() -> Trace.of(reports).write(file), "reports", "file");
    }

    @Property(tries = 1000)
    void traceOfArray(@ForAll("reports") List<Report> reports) {
        validOrClear(() -> Trace.of(reports == null ? null : reports.toArray(Report[]::new)).toJson(), "reports");
    }

    /** Null, empty, with null elements, over the cap of runs, or reports of 0 to 40 events with odd times. */
    @Provide
    Arbitrary<List<Report>> reports() {
        Arbitrary<Report> one = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 40).flatMap(n -> Arbitraries.longs().between(0, 5_000_000).list().ofSize(2 * n)
                        .map(times -> report(times))),
                Arbitraries.just((Report) null));
        return Arbitraries.oneOf(one.list().ofMaxSize(12), Arbitraries.just((List<Report>) null));
    }

    private static Report report(List<Long> times) {
        List<Event> events = new ArrayList<>();
        long end = 0;
        for (int i = 0; i + 1 < times.size(); i += 2) {
            long a = Math.min(times.get(i), times.get(i + 1));
            long b = Math.max(times.get(i), times.get(i + 1));
            Event.Status s = Event.Status.values()[i / 2 % Event.Status.values().length];
            events.add(new Event(Task.io("T" + i, 0.001), 1 + i, 0, "worker-" + i, a, a, b, i % 3 == 0 ? -1 : b - a, s, "r"));
            end = Math.max(end, b);
        }
        return Report.of("test", 0, end, Machine.current(), events, List.of());
    }

    // ---- display bundles ----

    @Property(tries = 1000)
    void displayBundles(@ForAll("names") String a, @ForAll("names") String b, @ForAll boolean nullBytes) {
        byte[] png = nullBytes ? null : new byte[] {(byte) 0x89, 'P', 'N', 'G'};
        validOrClear(() -> {
            Display.html(a);
            Display.html(a, b);
            Display.svg(a);
            Display.svg(a, b);
            Display.markdown(a);
            Display.png(png, b);
            Display.bundleOf(a);
        }, "html", "text", "svg", "markdown", "png");
    }

    @Property(tries = 1000)
    void mimeBundle(@ForAll("names") String mimeType, @ForAll("names") String content, @ForAll("mimeMaps") Map<String, String> data) {
        validOrClear(() -> {
            MimeBundle.of(content).with(mimeType, content).get(mimeType);
            MimeBundle.of(data);
        }, "textPlain", "mimeType", "content", "data");
    }

    @Provide
    Arbitrary<Map<String, String>> mimeMaps() {
        Arbitrary<String> types = Arbitraries.oneOf(Arbitraries.of("text/plain", "text/html", "image/png", "nope", ""), anyNames());
        return Arbitraries.oneOf(Arbitraries.just((Map<String, String>) null),
                Arbitraries.maps(types.filter(t -> t != null), anyNames().filter(c -> c != null)).ofMaxSize(4)
                        .map(HashMap::new));
    }
}
