package ptlab.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ptlab.Runner;
import ptlab.task.Event;
import ptlab.task.Machine;
import ptlab.task.Report;
import ptlab.task.Task;
import ptlab.testing.NoLeftovers;

/** Trace files parsed with an independent JSON parser (Gson) and compared with the events they came from. */
@ExtendWith(NoLeftovers.class)
class TraceTest {

    /** What a trace says about one task. */
    record Slice(String run, String name, long pid, String thread, long startMicros, long endMicros, String status) {
    }

    /** Reads the task slices back, resolving thread IDs through the thread_name metadata. */
    static List<Slice> parse(String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        long origin = root.getAsJsonObject("otherData").get("origin_epoch_us").getAsLong();
        Map<String, String> threadNames = new HashMap<>();
        Map<Long, String> processNames = new HashMap<>();
        List<JsonObject> complete = new ArrayList<>();
        for (JsonElement el : root.getAsJsonArray("traceEvents")) {
            JsonObject e = el.getAsJsonObject();
            String ph = e.get("ph").getAsString();
            if (ph.equals("M") && e.get("name").getAsString().equals("thread_name")) {
                String key = e.get("pid").getAsLong() + "/" + e.get("tid").getAsLong();
                String was = threadNames.put(key, e.getAsJsonObject("args").get("name").getAsString());
                assertEquals(null, was, "one name per (pid, tid): " + key);
            } else if (ph.equals("M") && e.get("name").getAsString().equals("process_name")) {
                processNames.put(e.get("pid").getAsLong(), e.getAsJsonObject("args").get("name").getAsString());
            } else if (e.get("cat").getAsString().equals("cpu")) {
                assertEquals("on CPU", e.get("name").getAsString()); // a stretch on a CPU inside a task (ScheduleTest checks them)
            } else {
                assertEquals("X", ph);
                complete.add(e);
            }
        }
        List<Slice> slices = new ArrayList<>();
        for (JsonObject e : complete) {
            long pid = e.get("pid").getAsLong();
            String thread = threadNames.get(pid + "/" + e.get("tid").getAsLong());
            assertTrue(thread != null, "every slice's thread is named: " + e);
            assertEquals(thread, e.getAsJsonObject("args").get("thread").getAsString());
            assertTrue(processNames.containsKey(pid), "every process is named: " + pid);
            long ts = e.get("ts").getAsLong();
            long dur = e.get("dur").getAsLong();
            slices.add(new Slice(e.get("cat").getAsString(), e.get("name").getAsString(), pid, thread, origin + ts, origin + ts + dur,
                    e.getAsJsonObject("args").get("status").getAsString()));
        }
        return slices;
    }

    static List<Slice> expected(Report... reports) {
        List<Slice> out = new ArrayList<>();
        for (Report r : reports) {
            for (Event e : r.events()) {
                out.add(new Slice(r.runner(), e.name(), Math.max(0, e.pid()), e.thread(), e.startMicros(), e.endMicros(),
                        e.status().name()));
            }
        }
        return out;
    }

    @Test
    void realRunsRoundTrip() throws Exception {
        Report threads = Runner.threads().quiet().run(Task.io("A", 0.05), Task.io("B", 0.05), Task.io("C", 0.05));
        Report procs = Runner.processes().quiet().run(Task.io("A", 0.05), Task.io("B", 0.05));
        Trace t = Trace.of(threads, procs);
        String json = t.toJson();
        assertEquals(expected(threads, procs), parse(json), json);
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        assertEquals(Math.min(threads.startMicros(), threads.events().get(0).startMicros()),
                root.getAsJsonObject("otherData").get("origin_epoch_us").getAsLong());
        // tids: one per thread name within a process; the threads run has three, each process one
        Map<String, Long> tids = new HashMap<>();
        for (JsonElement el : root.getAsJsonArray("traceEvents")) {
            JsonObject e = el.getAsJsonObject();
            if (e.get("ph").getAsString().equals("X")) {
                String key = e.get("pid").getAsLong() + "/" + e.getAsJsonObject("args").get("thread").getAsString();
                Long was = tids.put(key, e.get("tid").getAsLong());
                assertTrue(was == null || was == e.get("tid").getAsLong(), "same thread, same tid: " + key);
            }
        }
        assertEquals(5, tids.size());
        assertEquals(3, tids.entrySet().stream().filter(e -> e.getKey().startsWith(threads.events().get(0).pid() + "/"))
                .map(Map.Entry::getValue).distinct().count(), "three threads, three tids");
        assertNotEquals(procs.events().get(0).pid(), procs.events().get(1).pid());
        assertEquals("Trace[2 runs, 5 tasks]", t.toString());
    }

    @Test
    void handMadeEventsRoundTripIncludingUnknownProcess() {
        long t0 = TimelineTest.T0;
        Report r = Report.of("threads", t0, t0 + 2_000_000, Machine.current(), List.of(
                TimelineTest.event("A", 4121, "worker-A", 0, 1000),
                TimelineTest.event("B \"quoted\" \\ name", 4121, "worker-B", 10, 1500),
                TimelineTest.event("C", -1, "?", 20, 2000, Event.Status.FAILED)), List.of());
        String json = Trace.of(List.of(r)).toJson();
        List<Slice> slices = parse(json);
        assertEquals(expected(r), slices);
        assertEquals(0, slices.get(2).pid(), "an unknown process is pid 0");
        assertEquals(t0, Trace.of(r).originMicros());
        JsonObject first = JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("traceEvents").asList().stream()
                .map(JsonElement::getAsJsonObject).filter(e -> e.get("ph").getAsString().equals("X")).findFirst().orElseThrow();
        assertEquals(0, first.get("ts").getAsLong());
        assertEquals(1_000_000, first.get("dur").getAsLong());
        assertEquals(500, first.getAsJsonObject("args").get("cpu_us").getAsLong());
    }

    @Test
    void writesTheFile(@TempDir Path dir) throws Exception {
        long t0 = TimelineTest.T0;
        Report r = Report.of("sequential", t0, t0 + 1_000_000, Machine.current(),
                List.of(TimelineTest.event("A", 7, "main", 0, 500), TimelineTest.event("B", 7, "main", 500, 1000)), List.of());
        Path file = dir.resolve("trace.json");
        assertSame(file, Trace.of(r).write(file));
        assertEquals(Trace.of(r).toJson(), Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(expected(r), parse(Files.readString(file)));
        Path missing = dir.resolve("no-such-folder").resolve("t.json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Trace.of(r).write(missing));
        assertTrue(e.getMessage().startsWith("cannot write the trace to " + missing), e.getMessage());
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(NullPointerException.class, () -> Trace.of((Report) null));
        assertThrows(NullPointerException.class, () -> Trace.of((List<Report>) null));
        assertThrows(IllegalArgumentException.class, Trace::of);
        long t0 = TimelineTest.T0;
        Report r = Report.of("x", t0, t0, Machine.current(), List.of(), List.of());
        assertThrows(NullPointerException.class, () -> Trace.of(r).write(null));
        Report[] many = new Report[Trace.MAX_RUNS + 1];
        java.util.Arrays.fill(many, r);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Trace.of(many)).getMessage().contains("(Trace.MAX_RUNS)"));
    }
}
