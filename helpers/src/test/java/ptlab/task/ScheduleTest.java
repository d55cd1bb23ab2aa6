package ptlab.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.Runner;
import ptlab.child.Protocol;
import ptlab.render.Timeline;
import ptlab.render.Trace;
import ptlab.task.Schedule.Span;
import ptlab.testing.NoLeftovers;

/** Schedules: their derived stretches, the report's queries over them, the protocol line, the drawings, and a live run. */
@ExtendWith(NoLeftovers.class)
class ScheduleTest {

    static final long T0 = ReportTest.T0;

    static Span ms(long from, long to) {
        return new Span(T0 + from * 1000, T0 + to * 1000);
    }

    /** A: on 0-10, off 10-20, on 20-30, off 30-40, on 40-50; B the other way round. */
    static Report twoTasksTakingTurns() {
        Event a = ReportTest.event("A", 4121, "worker-A", 0, 50);
        Event b = ReportTest.event("B", 4121, "worker-B", 0, 50);
        Schedule sa = new Schedule("A", T0, T0 + 50_000, List.of(ms(10, 20), ms(30, 40)), 0, 2);
        Schedule sb = new Schedule("B", T0, T0 + 50_000, List.of(ms(0, 10), ms(20, 30), ms(40, 50)), 0, 3);
        return Report.of("threads", T0, T0 + 50_000, ReportTest.MACHINE, List.of(a, b), List.of()).withSchedules(List.of(sa, sb));
    }

    @Test
    void runningIsTheComplementOfWaitingAndSlicesHaveWaitingOnBothSides() {
        Schedule s = new Schedule("A", T0, T0 + 50_000, List.of(ms(10, 20), ms(30, 40)), 1, 2);
        assertEquals(List.of(ms(0, 10), ms(20, 30), ms(40, 50)), s.running());
        assertEquals(List.of(ms(20, 30)), s.slices());
        assertEquals(20_000, s.waitingMicros());
    }

    @Test
    void badSchedulesAreRefusedNamingTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Schedule("A", T0, T0 + 10_000, List.of(ms(5, 20)), 0, 0)).getMessage().startsWith("waiting:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Schedule("A", T0, T0 + 50_000, List.of(ms(30, 40), ms(10, 20)), 0, 0)).getMessage().startsWith("waiting:"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Schedule("A", T0, T0 + 50_000, List.of(), -2, 0)).getMessage().startsWith("voluntary"));
        Report r = twoTasksTakingTurns();
        assertThrows(IllegalArgumentException.class,
                () -> r.withSchedules(List.of(new Schedule("Z", T0, T0 + 1, List.of(), 0, 0))));
    }

    @Test
    void takingTurnsHasNoParallelTimeAndSlicesAreCounted() {
        Report r = twoTasksTakingTurns();
        assertEquals(0, r.parallelMicros());
        assertEquals(List.of(10_000L, 10_000L, 10_000L), r.sliceMicros()); // A: 20-30; B: 10-20, 30-40
        assertEquals(10_000, r.slicePercentileMicros(50));
        assertTrue(r.table().toString().contains("switches vol/invol"), r.table().toString());
        assertTrue(r.table().toString().contains("0 / 3"));
        Report solid = Report.of("threads", T0, T0 + 50_000, ReportTest.MACHINE, r.events(), List.of());
        assertEquals(50_000, solid.parallelMicros()); // no schedules: whole spans, both at once
        assertEquals(-1, solid.slicePercentileMicros(50));
        assertFalse(solid.table().toString().contains("switches"));
    }

    @Test
    void aScheduleSurvivesTheProtocolEvenWhenItTakesSeveralLines() {
        List<Span> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            waits.add(new Span(T0 + i * 100L + 50, T0 + i * 100L + 90));
        }
        Schedule s = new Schedule("A", T0, T0 + 60_000, waits, 3, 600);
        List<String> lines = Protocol.schedule(s);
        assertEquals(3, lines.size());
        List<Span> back = new java.util.ArrayList<>();
        for (String line : lines) {
            assertTrue(line.length() < Limits.MAX_LINE_BYTES);
            Schedule part = ((Protocol.Scheduled) Protocol.parse(line)).schedule();
            assertEquals(600, part.involuntary());
            back.addAll(part.waiting());
        }
        assertEquals(waits, back);
        assertTrue(Protocol.parse(lines.get(0).replace("wait=50+40", "wait=x")) instanceof Protocol.Malformed);
    }

    @Test
    void timelineAndTraceShowTheStretchesOnTheCpu() {
        Report r = twoTasksTakingTurns();
        String svg = Timeline.of(r).toSvg();
        assertEquals(2, svg.split("class=\"ptlab-running\"", -1).length - 1);
        assertTrue(svg.contains("3 time slices, median 10.0 ms, p95 10.0 ms"), svg);
        String text = Timeline.of(r).toString();
        assertTrue(text.contains("'.': waiting"), text);
        String json = Trace.of(r).toJson();
        assertEquals(5, json.split("\"name\": \"on CPU\"", -1).length - 1, json); // A 3 stretches, B 2
        assertTrue(json.contains("\"involuntary_switches\": 3"), json);
    }

    @Test
    void aSleepingThreadSwitchesVoluntarilyAndWaitsAllItsSleep() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/status")), "no /proc: not Linux");
        Report r = Runner.threads().quiet().run(Task.io("S", 0.2));
        Schedule s = r.schedule("S").orElseThrow();
        assertTrue(s.voluntary() >= 1, s.toString());
        assertEquals(1, s.waiting().size(), s.toString());
        assertTrue(s.waitingMicros() >= 190_000, s.toString());
    }

    @Test
    void cpuTasksOnOneThreadEachNoteTheirSchedule() throws Exception {
        Report r = Runner.threads().quiet().run(Task.cpu("A", 300_000), Task.cpu("B", 300_000));
        for (Event e : r.events()) {
            Schedule s = r.schedule(e.name()).orElseThrow();
            assertEquals(e.startMicros(), s.startMicros(), "the schedule covers the task");
            assertTrue(s.endMicros() <= e.endMicros());
        }
        Report v = Runner.virtualThreads().quiet().run(Task.cpu("A", 1000));
        assertTrue(v.schedule("A").isEmpty(), "a virtual thread's CPU time is unknown");
    }
}
