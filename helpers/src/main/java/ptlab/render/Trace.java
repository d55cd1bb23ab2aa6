package ptlab.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ptlab.internal.Checks;
import ptlab.internal.Json;
import ptlab.task.Event;
import ptlab.task.Report;
import ptlab.task.Schedule;

/**
 * One or more runs as a Chrome Trace Event file, which Perfetto ({@code ui.perfetto.dev}, "Open trace file") and
 * {@code chrome://tracing} open as a zoomable timeline: one track per process and thread, one slice per task.
 * Immutable.
 *
 * <pre>{@code
 * Trace.of(seq, threads, procs).write(Path.of("abc.json"));
 * }</pre>
 *
 * <p>The JSON ({@link #toJson()}): {@code {"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {...}}}.
 * Each task is a complete event {@code {"name": "A", "cat": "threads", "ph": "X", "pid": 4121, "tid": 2,
 * "ts": 512, "dur": 1001032, "args": {...}}}: {@code pid} is the real process ID (0 when unknown), {@code tid} a
 * small number per thread name within its process (the JVM does not tell the operating system's thread IDs),
 * {@code ts} the start and {@code dur} the duration in microseconds. {@code ts} counts from the start of the
 * earliest run; {@code otherData.origin_epoch_us} is that start in microseconds since the epoch, so
 * {@code origin_epoch_us + ts} is the task's {@link Event#startMicros()}. Runs keep their real order and gaps in
 * time. Metadata events ({@code "ph": "M"}) name the processes ({@code pid 4121}) and threads. The event's
 * {@code args} hold the run, the thread name, the task kind, its status, CPU time in µs (-1 when unknown) and its
 * result. When the report knows how the task's thread was scheduled ({@link Report#schedule(String)}), its
 * {@code args} add {@code voluntary_switches} and {@code involuntary_switches}, and each stretch the thread was on
 * a CPU is a complete event {@code "on CPU"} (category {@code cpu}) on the same track, nested in the task's slice:
 * the gaps between them are the time it waited.
 */
public final class Trace {

    /** Runs in one trace: 8 (as {@link Timeline#MAX_RUNS}). */
    public static final int MAX_RUNS = Timeline.MAX_RUNS;

    private final List<Report> reports;

    private Trace(List<Report> reports) {
        this.reports = reports;
    }

    /**
     * The trace of these runs.
     *
     * @param reports 1 to {@value #MAX_RUNS} runs
     */
    public static Trace of(Report... reports) {
        Checks.noNulls(reports, "reports");
        return of(Arrays.asList(reports));
    }

    /**
     * The trace of these runs.
     *
     * @param reports 1 to {@value #MAX_RUNS} runs
     */
    public static Trace of(List<Report> reports) {
        return new Trace(Checks.nonEmptyList(reports, "reports", MAX_RUNS, "runs per trace", "Trace.MAX_RUNS"));
    }

    /** The runs in this trace. */
    public List<Report> reports() {
        return reports;
    }

    /** The start of the earliest run, in epoch µs: the zero of every {@code ts}. */
    public long originMicros() {
        long origin = Long.MAX_VALUE;
        for (Report r : reports) {
            origin = Math.min(origin, r.startMicros());
            for (Event e : r.events()) {
                origin = Math.min(origin, e.startMicros());
            }
        }
        return origin;
    }

    /** The trace as JSON text, one event per line. */
    public String toJson() {
        long origin = originMicros();
        Map<Long, Map<String, Integer>> tids = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        List<String> meta = new ArrayList<>();
        for (Report r : reports) {
            for (Event e : r.events()) {
                long pid = Math.max(0, e.pid());
                Map<String, Integer> threads = tids.computeIfAbsent(pid, p -> {
                    meta.add(Json.write(metadata("process_name", p, 0,
                            p == 0 ? "unknown process" : "pid " + p)));
                    return new LinkedHashMap<>();
                });
                Integer tid = threads.get(e.thread());
                if (tid == null) {
                    tid = threads.size() + 1;
                    threads.put(e.thread(), tid);
                    meta.add(Json.write(metadata("thread_name", pid, tid, e.thread())));
                }
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("run", r.runner());
                args.put("thread", e.thread());
                args.put("kind", e.task().kind().label());
                args.put("status", e.status().name());
                args.put("cpu_us", e.cpuMicros());
                args.put("result", e.result());
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", e.name());
                x.put("cat", r.runner());
                x.put("ph", "X");
                x.put("pid", pid);
                x.put("tid", tid);
                x.put("ts", e.startMicros() - origin);
                x.put("dur", e.endMicros() - e.startMicros());
                x.put("args", args);
                lines.add(Json.write(x));
                Optional<Schedule> schedule = r.schedule(e.name());
                if (schedule.isPresent()) {
                    args.put("voluntary_switches", schedule.get().voluntary());
                    args.put("involuntary_switches", schedule.get().involuntary());
                    lines.set(lines.size() - 1, Json.write(x));
                    for (Schedule.Span run : schedule.get().running()) {
                        Map<String, Object> slice = new LinkedHashMap<>();
                        slice.put("name", "on CPU");
                        slice.put("cat", "cpu");
                        slice.put("ph", "X");
                        slice.put("pid", pid);
                        slice.put("tid", tid);
                        slice.put("ts", run.startMicros() - origin);
                        slice.put("dur", run.micros());
                        slice.put("args", Map.of("thread", e.thread(), "task", e.name()));
                        lines.add(Json.write(slice));
                    }
                }
            }
        }
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("origin_epoch_us", origin);
        List<Object> runs = new ArrayList<>();
        for (Report r : reports) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("runner", r.runner());
            run.put("start_us", r.startMicros() - origin);
            run.put("wall_us", r.endMicros() - r.startMicros());
            run.put("cpus", r.cpus());
            run.put("cpu_quota", r.cpuQuota());
            runs.add(run);
        }
        other.put("runs", runs);
        StringBuilder b = new StringBuilder("{\"traceEvents\": [\n");
        List<String> all = new ArrayList<>(meta);
        all.addAll(lines);
        for (int i = 0; i < all.size(); i++) {
            b.append("  ").append(all.get(i)).append(i + 1 < all.size() ? ",\n" : "\n");
        }
        b.append("],\n\"displayTimeUnit\": \"ms\",\n\"otherData\": ").append(Json.write(other)).append("\n}\n");
        return b.toString();
    }

    private static Map<String, Object> metadata(String name, long pid, int tid, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("ph", "M");
        m.put("pid", pid);
        m.put("tid", tid);
        m.put("args", Map.of("name", value));
        return m;
    }

    /**
     * Writes the JSON to a file (UTF-8, replacing it if it exists).
     *
     * @param file where to write, not null; its folder must exist
     * @return {@code file}
     * @throws UncheckedIOException when the file cannot be written
     */
    public Path write(Path file) {
        Checks.notNull(file, "file");
        try {
            Files.writeString(file, toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** E.g. {@code Trace[2 runs, 6 tasks]}. */
    @Override
    public String toString() {
        int n = reports.stream().mapToInt(r -> r.events().size()).sum();
        return "Trace[" + reports.size() + (reports.size() == 1 ? " run, " : " runs, ") + n + (n == 1 ? " task]" : " tasks]");
    }
}
