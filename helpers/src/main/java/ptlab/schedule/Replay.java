package ptlab.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import ptlab.deadlock.Cycle;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.display.Tabular;
import ptlab.internal.Checks;
import ptlab.internal.Escape;

/**
 * What one replay of a schedule did: each step in order, with what it showed (a value it read or wrote, a lock it
 * took or waits for), and how it ended (every thread finished, a lost update, a deadlock with its cycle). Holds no
 * times or thread ids, so the same schedule gives an equal {@code Replay} every time. Shown as a table with one
 * column per thread.
 *
 * @param schedule    the schedule as replayed, e.g. {@code A1 B1 A2 B2}
 * @param threads     the threads' names, {@code thread-A} first
 * @param rows        one row per step run, in order (a lock handed over adds a row marked with parentheses)
 * @param outcome     how the replay ended, in a line
 * @param cycle       the cycle of waits when it ended in a deadlock
 * @param unfinished  the threads the schedule did not run to their end, with their next step
 * @param endings     how each thread ended, in thread order
 * @param threadsGone true when every thread had ended when the replay returned
 * @param count       for a replayed counter: increments made and the count read afterwards
 */
public record Replay(String schedule, List<String> threads, List<Row> rows, String outcome, Optional<Cycle> cycle,
                     List<String> unfinished, List<String> endings, boolean threadsGone, Count count)
        implements Tabular {

    /**
     * One step as it ran.
     *
     * @param step   the step, e.g. {@code A2}; {@code (A2)} for the rest of a lock step that waited
     * @param thread the thread's index, 0 for A
     * @param label  the step's label in the code, e.g. {@code read} or {@code lock(a)}
     * @param shows  what the step showed: a value, {@code took a}, {@code waits: b is held by thread-A}, ...
     */
    public record Row(String step, int thread, String label, String shows) {

        /** Checks the values. */
        public Row {
            Checks.notNull(step, "step");
            Checks.range(thread, 0, Schedule.MAX_THREADS - 1, "thread", "");
            Checks.notNull(label, "label");
            Checks.notNull(shows, "shows");
        }

        /** {@code read → 0}, or only the label when the step showed nothing. */
        public String describe() {
            return shows.isEmpty() ? label : label + " → " + shows;
        }
    }

    /**
     * A counter's increments and the count read after the replay.
     *
     * @param increments the increments the threads made (one each), or -1 when no counter was replayed
     * @param counted    what the counter's {@code get()} said afterwards, or -1
     */
    public record Count(long increments, long counted) {

        /** No counter. */
        public static final Count NONE = new Count(-1, -1);
    }

    /** Copies the lists. */
    public Replay {
        Checks.notNull(schedule, "schedule");
        threads = List.copyOf(threads);
        rows = List.copyOf(rows);
        Checks.notNull(outcome, "outcome");
        Checks.notNull(cycle, "cycle");
        unfinished = List.copyOf(unfinished);
        endings = List.copyOf(endings);
        Checks.notNull(count, "count");
    }

    /** True when the replay ended in a cycle of threads waiting for each other's locks. */
    public boolean deadlocked() {
        return cycle.isPresent();
    }

    /** True when every thread ran to its end (finished or threw). */
    public boolean allFinished() {
        return unfinished.isEmpty() && !deadlocked() && rows.stream().noneMatch(r -> r.shows.startsWith("did not stop"));
    }

    /** The updates lost by a replayed counter (increments made minus the count), or empty without a counter. */
    public OptionalLong lost() {
        return count.increments < 0 ? OptionalLong.empty() : OptionalLong.of(count.increments - count.counted);
    }

    /**
     * The steps as a sentence with the first thing each showed, then the outcome, e.g. {@code A read 0, B read 0,
     * A add 1, B add 1, A write 1, B write 1: 2 increments, counted 1: one update lost}.
     */
    public String story() {
        List<String> parts = new ArrayList<>();
        for (Row r : rows) {
            String first = r.shows.split("; ", 2)[0];
            parts.add((char) ('A' + r.thread) + " " + r.label + (first.isEmpty() ? "" : " " + first));
        }
        return String.join(", ", parts) + ": " + outcome;
    }

    /** This replay with a counter's result, and the outcome saying what was lost. */
    Replay counted(long increments, long counted) {
        String said = outcome;
        if (allFinished()) {
            long lost = increments - counted;
            said = String.format(Locale.ROOT, "%d increments, counted %d: %s", increments, counted,
                    lost == 0 ? "no update lost" : lost == 1 ? "one update lost" : lost + " updates lost");
        }
        return new Replay(schedule, threads, rows, said, cycle, unfinished, endings, threadsGone, new Count(increments, counted));
    }

    /** The steps in order, one column per thread; the outcome, the cycle and the threads' endings below. */
    @Override
    public Table table() {
        List<String> headers = new ArrayList<>(List.of("step"));
        headers.addAll(threads);
        Table.Builder t = Table.builder(headers.toArray(String[]::new)).title("schedule: " + schedule);
        for (Row r : rows) {
            Object[] cells = new Object[threads.size() + 1];
            cells[0] = r.step;
            for (int i = 0; i < threads.size(); i++) {
                cells[i + 1] = i == r.thread ? r.describe() : "";
            }
            t.row(cells);
        }
        t.footer("outcome: " + outcome);
        cycle.ifPresent(c -> t.footer("cycle: " + c.describe()));
        t.footer(String.join(", ", endings) + "; threads left running: " + (threadsGone ? "none" : "SOME"));
        return t.build();
    }

    /** The table as text and HTML, with the cycle drawn as a picture when there is one. */
    @Override
    public MimeBundle toMimeBundle() {
        Table t = table();
        return MimeBundle.of(t.toString()).with("text/html", t.toHtml() + cycle.map(Replay::svg).orElse(""));
    }

    /** The table's text. */
    @Override
    public String toString() {
        return table().toString();
    }

    /** The threads of a cycle on a circle, each with an arrow to the thread holding the lock it waits for. */
    static String svg(Cycle c) {
        int n = c.links().size();
        int height = n == 2 ? 130 : 270;   // two threads side by side, more on a circle
        double cx = 200, cy = height / 2.0, r = n == 2 ? 80 : 95;
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 " + height
                + "\" width=\"400\" role=\"img\" aria-label=\"" + Escape.markup("deadlock: " + c.describe()) + "\">"
                + "<defs><marker id=\"ptlab-wait-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\""
                + " markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#b22\"/></marker></defs>");
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            double angle = Math.PI * (1.0 + 2.0 * i / n);
            x[i] = cx + r * Math.cos(angle);
            y[i] = cy + r * Math.sin(angle);
        }
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double dx = x[j] - x[i], dy = y[j] - y[i], len = Math.hypot(dx, dy);
            // two threads: the arrows there and back sit apart, labels beside them; more: labels outside the circle
            double ox = n == 2 ? -dy / len * 14 : 0, oy = n == 2 ? dx / len * 14 : 0;
            double x1 = x[i] + dx / len * 42 + ox, y1 = y[i] + dy / len * 42 + oy;
            double x2 = x[j] - dx / len * 42 + ox, y2 = y[j] - dy / len * 42 + oy;
            double mx = (x1 + x2) / 2, my = (y1 + y2) / 2, out = Math.hypot(mx - cx, my - cy);
            double lx = n == 2 ? mx + ox * 1.4 : mx + (mx - cx) / out * 45, ly = n == 2 ? my + oy * 1.4 : my + (my - cy) / out * 22;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b22\""
                    + " stroke-width=\"2\" marker-end=\"url(#ptlab-wait-arrow)\"/>", x1, y1, x2, y2));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"15\" text-anchor=\"middle\""
                    + " fill=\"#b22\">waits for %s</text>", lx, ly + 5, Escape.markup(c.links().get(i).waitsFor())));
        }
        for (int i = 0; i < n; i++) {
            Cycle.Link l = c.links().get(i);
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"38\" fill=\"#fdeaea\" stroke=\"#b22\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"15\" text-anchor=\"middle\">%s</text>"
                    + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"15\" text-anchor=\"middle\">holds %s</text>",
                    x[i], y[i], x[i], y[i] - 3, Escape.markup(l.thread()), x[i], y[i] + 15, Escape.markup(l.holds())));
        }
        return b.append("</svg>").toString();
    }
}
