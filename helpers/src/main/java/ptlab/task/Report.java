package ptlab.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import ptlab.display.Table;
import ptlab.display.Tabular;
import ptlab.internal.Checks;
import ptlab.internal.Text;

/**
 * The record of one run: which runner, its tasks' {@link Event events} ordered by start, the run's wall time, the
 * machine it ran on (CPU count and quota at the time) and any problems seen (a child's malformed output, lines not
 * shown, ...). Immutable.
 *
 * <p>Its text form ({@link #toString()}) is the summary table a run prints at its end:
 * <pre>
 * threads: 3 tasks, 2 CPUs, CPU quota none
 * task  kind   pid  thread      start      end  duration      cpu  result
 * A     io    4121  worker-A  0.000 s  1.001 s   1.001 s  0.000 s  slept 1.000 s
 * B     io    4121  worker-B  0.000 s  1.001 s   1.001 s  0.000 s  slept 1.000 s
 * C     io    4121  worker-C  0.001 s  1.002 s   1.001 s  0.000 s  slept 1.000 s
 * total wall time: 1.003 s
 * </pre>
 * {@code start} and {@code end} are offsets from the run's start, {@code cpu} the CPU time of the task's thread ({@code -} when
 * unknown), {@code pid}/{@code thread} {@code ?} when unknown; a task that did not end well shows its status in
 * capitals before its result ({@code FAILED: ...}). Runs with child processes add a line with their start cost (launch to task start),
 * runs with problems list them. In a notebook the report also shows as an HTML table.
 *
 * <p>When the tasks' threads noted how they were scheduled ({@link #schedule(String)}: tasks on platform threads,
 * in this JVM or a child JVM, on Linux), the table adds a column {@code switches vol/invol}: the thread's voluntary
 * context switches (it slept or blocked) and involuntary ones (the scheduler gave its CPU to another thread).
 *
 * <p>A report is a value and draws nothing: {@code ptlab.render.Timeline.of(report)} draws who ran when and where,
 * {@code ptlab.render.Trace.of(report)} writes a trace file for Perfetto or {@code chrome://tracing}.
 */
public final class Report implements Tabular {

    private final String runner;
    private final long startMicros;
    private final long endMicros;
    private final Machine machine;
    private final List<Event> events;
    private final List<String> problems;
    private final Map<String, Schedule> schedules;

    private Report(String runner, long startMicros, long endMicros, Machine machine, List<Event> events, List<String> problems,
                   Map<String, Schedule> schedules) {
        this.schedules = schedules;
        this.runner = runner;
        this.startMicros = startMicros;
        this.endMicros = endMicros;
        this.machine = machine;
        this.events = events;
        this.problems = problems;
    }

    /**
     * A report from its parts (runners make these; so can a test or another runner).
     *
     * @param runner      the runner's name, not blank
     * @param startMicros when the run started (epoch µs)
     * @param endMicros   when it ended (epoch µs), not before the start
     * @param machine     the machine it ran on
     * @param events      the tasks' events, in any order, unique task names
     * @param problems    problems seen during the run, one line each
     */
    public static Report of(String runner, long startMicros, long endMicros, Machine machine, List<Event> events,
                            List<String> problems) {
        Checks.name(runner, "runner", 200);
        Checks.notNull(machine, "machine");
        Checks.notNull(events, "events");
        Checks.notNull(problems, "problems");
        if (endMicros < startMicros) {
            throw new IllegalArgumentException("endMicros = " + endMicros + " is out of range; allowed: startMicros ("
                    + startMicros + ") or later");
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = Checks.notNull(events.get(i), "events[" + i + "]");
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("events: two events for the task \"" + e.name() + "\"; allowed: one per task");
            }
        }
        for (int i = 0; i < problems.size(); i++) {
            Checks.notNull(problems.get(i), "problems[" + i + "]");
        }
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(Event::startMicros)); // stable: ties keep the given order
        return new Report(runner, startMicros, endMicros, machine, Collections.unmodifiableList(sorted), List.copyOf(problems),
                Map.of());
    }

    /**
     * This report with the schedules of its tasks' threads (how the OS scheduled them), replacing any it had.
     *
     * @param schedules one at most per task of this run, in any order
     */
    public Report withSchedules(List<Schedule> schedules) {
        Checks.notNull(schedules, "schedules");
        Map<String, Schedule> byTask = new LinkedHashMap<>();
        for (int i = 0; i < schedules.size(); i++) {
            Schedule s = Checks.notNull(schedules.get(i), "schedules[" + i + "]");
            event(s.task()); // a task of this run
            if (byTask.put(s.task(), s) != null) {
                throw new IllegalArgumentException("schedules: two for the task \"" + s.task() + "\"; allowed: one per task");
            }
        }
        return new Report(runner, startMicros, endMicros, machine, events, problems, Collections.unmodifiableMap(byTask));
    }

    /**
     * How the OS scheduled the task's thread: its stretches off the CPU and its context switches. Empty for tasks
     * in child processes, on virtual threads, and where the thread's CPU time cannot be read.
     */
    public Optional<Schedule> schedule(String task) {
        event(task);
        return Optional.ofNullable(schedules.get(task));
    }

    /** The lengths of all tasks' whole time slices ({@link Schedule#slices()}) in µs, sorted; empty when none. */
    public List<Long> sliceMicros() {
        List<Long> all = new ArrayList<>();
        for (Schedule s : schedules.values()) {
            for (Schedule.Span span : s.slices()) {
                all.add(span.micros());
            }
        }
        Collections.sort(all);
        return List.copyOf(all);
    }

    /**
     * A percentile of {@link #sliceMicros()} (nearest rank), or -1 when there are no slices.
     *
     * @param percent 1 to 100: 50 for the median, 95 for the length 95 % of slices are no longer than
     */
    public long slicePercentileMicros(int percent) {
        Checks.range(percent, 1, 100, "percent", "");
        List<Long> all = sliceMicros();
        if (all.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(percent / 100.0 * all.size());
        return all.get(Math.max(0, rank - 1));
    }

    /** The runner's name: {@code sequential}, {@code threads}, {@code processes}, ... */
    public String runner() {
        return runner;
    }

    /** The events, ordered by start time. */
    public List<Event> events() {
        return events;
    }

    /** The event of the task with this name. */
    public Event event(String name) {
        Checks.notNull(name, "name");
        for (Event e : events) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("name = \"" + name + "\" is not a task of this run; allowed: "
                + String.join(", ", events.stream().map(Event::name).toList()));
    }

    /** When the run started (epoch µs). */
    public long startMicros() {
        return startMicros;
    }

    /** When the run ended (epoch µs). */
    public long endMicros() {
        return endMicros;
    }

    /** The wall time of the whole run: from its start to its end, as a clock on the wall would show. */
    public Duration wall() {
        return Duration.ofNanos((endMicros - startMicros) * 1_000L);
    }

    /** The machine the run ran on, as it was when the run started. */
    public Machine machine() {
        return machine;
    }

    /** The CPUs the JVM could use when the run started. */
    public int cpus() {
        return machine.cpus();
    }

    /** The CPU quota when the run started, in words ({@code none}, {@code 1.5 CPUs}). */
    public String cpuQuota() {
        return machine.cpuQuotaText();
    }

    /** Problems seen during the run, one line each (empty when none). */
    public List<String> problems() {
        return problems;
    }

    /** True when every task ran to the end and there were no problems. */
    public boolean ok() {
        return problems.isEmpty() && events.stream().allMatch(Event::ok);
    }

    /** The distinct process IDs the tasks ran in, in order of first start (unknown ones left out). */
    public Set<Long> pids() {
        Set<Long> pids = new LinkedHashSet<>();
        for (Event e : events) {
            if (e.pid() > 0) {
                pids.add(e.pid());
            }
        }
        return Collections.unmodifiableSet(pids);
    }

    /** The distinct thread names the tasks ran on, in order of first start (unknown ones left out). */
    public Set<String> threads() {
        Set<String> threads = new LinkedHashSet<>();
        for (Event e : events) {
            if (!e.thread().equals("?")) {
                threads.add(e.thread());
            }
        }
        return Collections.unmodifiableSet(threads);
    }

    /** The sum of the tasks' durations: about the wall time a sequential run would take. */
    public Duration sumOfDurations() {
        long sum = 0;
        for (Event e : events) {
            sum += e.endMicros() - e.startMicros();
        }
        return Duration.ofNanos(sum * 1_000L);
    }

    /** The CPU time of all tasks' threads together (tasks with unknown CPU time count as zero). */
    public Duration totalCpu() {
        long sum = 0;
        for (Event e : events) {
            sum += Math.max(0, e.cpuMicros());
        }
        return Duration.ofNanos(sum * 1_000L);
    }

    /** The most tasks that were running at the same moment: 1 for a sequential run, 3 for A, B, C on threads. */
    public int maxOverlap() {
        List<long[]> edges = new ArrayList<>();
        for (Event e : events) {
            if (e.endMicros() > e.startMicros()) {
                edges.add(new long[] {e.startMicros(), +1});
                edges.add(new long[] {e.endMicros(), -1});
            }
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1])); // ends before starts
        int now = 0;
        int max = events.isEmpty() ? 0 : 1;
        for (long[] edge : edges) {
            now += (int) edge[1];
            max = Math.max(max, now);
        }
        return max;
    }

    /**
     * The time during which two or more tasks were on a CPU at the same moment, in µs: the parallelism a run really
     * had. A task's time on a CPU is its {@link Schedule#running()} stretches where its schedule is known, else its
     * whole span from start to end. On one CPU this is about zero (up to the {@link Schedule#MIN_WAIT_MICROS}
     * the stretches are measured to).
     */
    public long parallelMicros() {
        List<long[]> edges = new ArrayList<>();
        for (Event e : events) {
            Schedule s = schedules.get(e.name());
            List<Schedule.Span> on = s != null ? s.running() : List.of(new Schedule.Span(e.startMicros(), e.endMicros()));
            for (Schedule.Span span : on) {
                edges.add(new long[] {span.startMicros(), +1});
                edges.add(new long[] {span.endMicros(), -1});
            }
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1])); // ends before starts
        long sum = 0;
        int now = 0;
        long since = 0;
        for (long[] edge : edges) {
            if (now >= 2) {
                sum += edge[0] - since;
            }
            now += (int) edge[1];
            since = edge[0];
        }
        return sum;
    }

    /**
     * The median time from asking for a task to run to its start ({@link Event#startDelay()}): the cost of starting
     * a thread, or of starting a whole JVM for {@link ptlab.Runner#processes()}.
     */
    public Duration medianStartDelay() {
        if (events.isEmpty()) {
            return Duration.ZERO;
        }
        long[] d = events.stream().mapToLong(e -> e.startMicros() - e.submittedMicros()).sorted().toArray();
        long median = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
        return Duration.ofNanos(median * 1_000L);
    }

    /** The summary as a {@link Table} (title, one row per listed task, footer lines). */
    @Override
    public Table table() {
        boolean switches = schedules.values().stream().anyMatch(s -> s.voluntary() >= 0);
        Table.Builder t = (switches
                ? Table.builder("task", "kind", "pid", "thread", "start", "end", "duration", "cpu", "switches vol/invol", "result")
                        .alignRight(2, 4, 5, 6, 7, 8)
                : Table.builder("task", "kind", "pid", "thread", "start", "end", "duration", "cpu", "result").alignRight(2, 4, 5, 6, 7))
                .title(runner + ": " + events.size() + (events.size() == 1 ? " task, " : " tasks, ") + machine.cpus()
                        + (machine.cpus() == 1 ? " CPU" : " CPUs") + ", CPU quota " + machine.cpuQuotaText());
        int listed = 0;
        for (Event e : events) {
            if (listed++ == Limits.MAX_LISTED_TASKS) {
                break;
            }
            List<String> row = new ArrayList<>(List.of(e.name(), e.task().kind().label(), e.pid() < 0 ? "?" : Long.toString(e.pid()),
                    e.thread(), Text.seconds(e.startMicros() - startMicros), Text.seconds(e.endMicros() - startMicros),
                    Text.seconds(e.endMicros() - e.startMicros()), e.cpuMicros() < 0 ? "-" : Text.seconds(e.cpuMicros())));
            if (switches) {
                Schedule s = schedules.get(e.name());
                row.add(s == null || s.voluntary() < 0 ? "-" : s.voluntary() + " / " + s.involuntary());
            }
            row.add(e.ok() ? e.result() : e.status().words().toUpperCase(java.util.Locale.ROOT) + ": " + e.result());
            t.row(row.toArray(String[]::new));
        }
        if (events.size() > Limits.MAX_LISTED_TASKS) {
            t.footer("... " + (events.size() - Limits.MAX_LISTED_TASKS) + " more tasks not listed (Limits.MAX_LISTED_TASKS)");
        }
        long[] childDelays = events.stream().filter(e -> e.pid() > 0 && e.pid() != machine.pid())
                .mapToLong(e -> e.startMicros() - e.submittedMicros()).sorted().toArray();
        if (childDelays.length > 0) {
            t.footer("child start (launch to task start): " + (childDelays.length == 1 ? Text.seconds(childDelays[0])
                    : Text.seconds(childDelays[0]) + " to " + Text.seconds(childDelays[childDelays.length - 1])));
        }
        if (!problems.isEmpty()) {
            t.footer("problems:");
            for (String p : problems) {
                t.footer("  " + p);
            }
        }
        t.footer("total wall time: " + Text.seconds(endMicros - startMicros));
        return t.build();
    }

    /** The summary table as text; see the class description. */
    @Override
    public String toString() {
        return table().toString();
    }
}
