package ptlab.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ptlab.internal.Text;
import ptlab.task.Event;
import ptlab.task.Report;
import ptlab.task.Schedule;

/**
 * What a {@link Timeline} shows, before it is drawn: per run a section of process groups, each a box of lanes
 * (one per process and thread), each lane its task bars; the axis ticks; the caption and the title. Units are
 * abstract: a time is microseconds from its run's start, and {@link #axisMicros()} is the whole axis; a drawer
 * adds only its own unit, pixels ({@link TimelineSvg}) or characters ({@link TimelineText}). The caps ({@link Timeline#MAX_LANES}, {@link Timeline#MAX_BARS}) are applied
 * here and what they leave out is counted. Immutable.
 */
record TimelineLayout(List<Report> reports, boolean comparison, List<Section> sections, List<String> tasks, long axisMicros,
                      List<Tick> ticks) {

    /** Longest lane label, in characters. */
    static final int MAX_LABEL_CHARS = 40;

    /**
     * One task drawn.
     *
     * @param event  the task's event
     * @param start  its start, µs from its run's start
     * @param end    its end, µs from its run's start
     * @param colour its index in {@link Timeline#PALETTE}, the same for a task name across runs
     * @param waiting its thread's stretches off the CPU, µs from its run's start, in order (see {@link Schedule})
     * @param sliced  true when the waiting is known (else the bar is drawn solid)
     */
    record Bar(Event event, long start, long end, int colour, List<Schedule.Span> waiting, boolean sliced) {

        /** The share of {@code from} to {@code to} (µs from the run's start) the thread was on the CPU, 0 to 1. */
        double runningShare(long from, long to) {
            if (to <= from) {
                return waiting.stream().anyMatch(w -> w.startMicros() <= from && from < w.endMicros()) ? 0 : 1;
            }
            long off = 0;
            for (Schedule.Span w : waiting) {
                off += Math.max(0, Math.min(to, w.endMicros()) - Math.max(from, w.startMicros()));
            }
            return 1 - (double) off / (to - from);
        }

        /** The text on or beside the bar: the task's name, and its status when it did not end well. */
        String label() {
            return event.ok() ? event.name() : event.name() + " (" + event.status().words() + ")";
        }

        /** Everything known about the task, in one line. */
        String tooltip() {
            Event e = event;
            return e.name() + ": pid " + (e.pid() < 0 ? "?" : e.pid()) + " / " + e.thread() + ", " + Text.seconds(start)
                    + " to " + Text.seconds(end) + " (" + Text.seconds(e.endMicros() - e.startMicros()) + "), cpu "
                    + (e.cpuMicros() < 0 ? "-" : Text.seconds(e.cpuMicros())) + ", " + e.status().words()
                    + (e.result().isEmpty() ? "" : ": " + e.result());
        }
    }

    /** One thread of one process ({@code pid} -1 when unknown) and the tasks it ran, by start. */
    record Lane(long pid, String thread, List<Bar> bars) {

        /** {@code pid 4121 / worker-A}, the thread name cut to fit {@link #MAX_LABEL_CHARS}. */
        String label() {
            return "pid " + (pid < 0 ? "?" : Long.toString(pid)) + " / " + Text.cut(thread, MAX_LABEL_CHARS - 16);
        }
    }

    /** The lanes of one process. */
    record Group(long pid, List<Lane> lanes) {
    }

    /**
     * One run.
     *
     * @param report      the run
     * @param groups      its processes, in order of first start, unknown last
     * @param end         the run's end, µs from its start
     * @param hiddenLanes lanes left out by {@link Timeline#MAX_LANES}
     * @param hiddenBars  tasks left out, by either cap
     */
    record Section(Report report, List<Group> groups, long end, int hiddenLanes, int hiddenBars) {

        /** {@code threads: 3 tasks, wall time 1.003 s}. */
        String heading() {
            int n = report.events().size();
            return report.runner() + ": " + n + (n == 1 ? " task" : " tasks") + ", wall time " + Text.seconds(end);
        }

        /** {@code ... 8 more lanes (Timeline.MAX_LANES), 8 more tasks not drawn}, or empty when nothing is left out. */
        String hiddenNote() {
            List<String> parts = new ArrayList<>();
            if (hiddenLanes > 0) {
                parts.add(hiddenLanes + " more " + (hiddenLanes == 1 ? "lane" : "lanes") + " (Timeline.MAX_LANES)");
            }
            if (hiddenBars > 0) {
                parts.add(hiddenBars + " more " + (hiddenBars == 1 ? "task" : "tasks") + " not drawn"
                        + (hiddenLanes > 0 ? "" : " (Timeline.MAX_BARS)"));
            }
            return parts.isEmpty() ? "" : "... " + String.join(", ", parts);
        }
    }

    /** An axis tick at {@code micros} from the start. */
    record Tick(long micros) {

        /** The tick's number of seconds, without unit: {@code 0.5}. */
        String seconds() {
            return Text.number(micros / 1e6);
        }

        /** The tick's label: {@code 0.5 s}. */
        String label() {
            return seconds() + " s";
        }
    }

    /** The layout of these runs, one section each; {@code comparison} when they are compared on one axis. */
    static TimelineLayout of(List<Report> reports, boolean comparison) {
        List<Report> runs = List.copyOf(reports);
        Map<String, Integer> colours = new LinkedHashMap<>();
        long span = 0;
        for (Report r : runs) {
            span = Math.max(span, r.endMicros() - r.startMicros());
            for (Event e : r.events()) {
                span = Math.max(span, offset(r, e.endMicros()));
                colours.putIfAbsent(e.name(), colours.size() % Timeline.PALETTE.size());
            }
        }
        List<Section> sections = new ArrayList<>();
        for (Report r : runs) {
            sections.add(section(r, colours));
        }
        span = Math.max(span, 1_000); // an empty or instant run still gets an axis of 1 ms
        long step = step(span);
        long axis = (span + step - 1) / step * step;
        List<Tick> ticks = new ArrayList<>();
        for (long at = 0; at <= axis; at += step) {
            ticks.add(new Tick(at));
        }
        return new TimelineLayout(runs, comparison, List.copyOf(sections), List.copyOf(colours.keySet()), axis, List.copyOf(ticks));
    }

    /** The longest lane label, in characters (code points). */
    int labelWidth() {
        int width = 0;
        for (Section s : sections) {
            for (Group g : s.groups) {
                for (Lane l : g.lanes) {
                    width = Math.max(width, Text.width(l.label()));
                }
            }
        }
        return width;
    }

    /** The caption, two lines: runner(s), wall time(s), CPU count and quota; then what the axis counts. */
    List<String> caption() {
        if (!comparison) {
            Report r = reports.get(0);
            List<String> lines = new ArrayList<>(List.of(r.runner() + ": wall time " + Text.seconds(r.endMicros() - r.startMicros())
                    + "; " + machineText(), "time in seconds from the run's start; dashed line: the run's end"));
            lines.addAll(sliceLines());
            return List.copyOf(lines);
        }
        StringBuilder b = new StringBuilder();
        for (Report r : reports) {
            b.append(b.isEmpty() ? "" : ", ").append(r.runner()).append(' ').append(Text.seconds(r.endMicros() - r.startMicros()));
        }
        List<String> lines = new ArrayList<>(List.of("wall time: " + b + "; " + machineText(),
                "time in seconds from each run's start; dashed lines: the runs' ends"));
        lines.addAll(sliceLines());
        return List.copyOf(lines);
    }

    /** True when some bar shows its thread's time on and off the CPU. */
    boolean sliced() {
        return sections.stream().flatMap(s -> s.groups().stream()).flatMap(g -> g.lanes().stream())
                .flatMap(l -> l.bars().stream()).anyMatch(Bar::sliced);
    }

    /** When bars are sliced: what full and pale mean, and each run's measured slice lengths. */
    private List<String> sliceLines() {
        if (!sliced()) {
            return List.of();
        }
        StringBuilder b = new StringBuilder();
        for (Report r : reports) {
            List<Long> slices = r.sliceMicros();
            b.append(b.isEmpty() ? "" : "; ").append(comparison ? r.runner() + ": " : "");
            b.append(slices.isEmpty() ? "no whole time slices (no task was switched out twice)"
                    : slices.size() + " time slices, median " + Text.millis(r.slicePercentileMicros(50)) + ", p95 "
                            + Text.millis(r.slicePercentileMicros(95)));
        }
        return List.of("full colour: the thread is on a CPU; pale: it waits (for a CPU, or sleeping) for "
                + Schedule.MIN_WAIT_MICROS + " µs or more", b.toString());
    }

    /** A title for the whole picture (the SVG's {@code <title>} and label). */
    String title() {
        if (!comparison) {
            return "Timeline of " + sections.get(0).heading();
        }
        return "Timelines of " + reports.size() + " runs: " + String.join("; ", sections.stream().map(Section::heading).toList());
    }

    /** A stable seed for element IDs, so that two pictures inline in one page do not share one by accident. */
    int idSeed() {
        int h = 17;
        for (Report r : reports) {
            h = 31 * h + Long.hashCode(r.startMicros());
            h = 31 * h + Long.hashCode(r.endMicros());
            h = 31 * h + r.runner().hashCode();
            h = 31 * h + r.events().size();
        }
        return h & 0x7fffffff;
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

    private static long offset(Report r, long epochMicros) {
        return Math.max(0, epochMicros - r.startMicros());
    }

    private static Section section(Report r, Map<String, Integer> colours) {
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
                if (lanes == Timeline.MAX_LANES) {
                    hiddenLanes++;
                    hiddenBars += t.getValue().size();
                    continue;
                }
                lanes++;
                List<Bar> kept = new ArrayList<>();
                for (Event e : t.getValue()) {
                    if (bars < Timeline.MAX_BARS) {
                        kept.add(bar(r, e, colours.get(e.name())));
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
        return new Section(r, List.copyOf(groups), offset(r, r.endMicros()), hiddenLanes, hiddenBars);
    }

    private static Bar bar(Report r, Event e, int colour) {
        Optional<Schedule> s = r.schedule(e.name());
        List<Schedule.Span> waiting = new ArrayList<>();
        for (Schedule.Span w : s.map(Schedule::waiting).orElse(List.of())) {
            waiting.add(new Schedule.Span(offset(r, w.startMicros()), offset(r, w.endMicros())));
        }
        return new Bar(e, offset(r, e.startMicros()), offset(r, e.endMicros()), colour, List.copyOf(waiting), s.isPresent());
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
}
