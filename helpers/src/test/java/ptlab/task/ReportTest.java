package ptlab.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

/** Reports built from hand-made events: queries and the exact summary format. */
@ExtendWith(NoLeftovers.class)
class ReportTest {

    static final long T0 = 1_700_000_000_000_000L;
    static final Machine MACHINE = new Machine(2, OptionalDouble.empty(), OptionalLong.empty(), "Linux", "25", 4121, 4100);

    static Event event(String name, long pid, String thread, long startMs, long endMs) {
        return new Event(Task.io(name, (endMs - startMs) / 1000.0 + 0.001), pid, 4100, thread, T0, T0 + startMs * 1000,
                T0 + endMs * 1000, 1_000, Event.Status.OK, "slept");
    }

    @Test
    void eventsAreOrderedByStartAndQueriesAnswerFacts() {
        List<Event> given = List.of(event("C", 4123, "main", 20, 1020), event("A", 4121, "main", 5, 1005),
                event("B", 4122, "main", 10, 1010));
        Report r = Report.of("processes", T0, T0 + 1_100_000, MACHINE, given, List.of());
        assertEquals(List.of("A", "B", "C"), r.events().stream().map(Event::name).toList());
        assertEquals(List.of(4121L, 4122L, 4123L), new ArrayList<>(r.pids()));
        assertEquals(Set.of("main"), r.threads());
        assertEquals(Duration.ofMillis(1100), r.wall());
        assertEquals(Duration.ofMillis(3000), r.sumOfDurations());
        assertEquals(Duration.ofMillis(3), r.totalCpu());
        assertEquals(3, r.maxOverlap());
        assertEquals(Duration.ofMillis(10), r.medianStartDelay());
        assertEquals(4122, r.event("B").pid());
        assertTrue(r.ok());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.event("D"));
        assertEquals("name = \"D\" is not a task of this run; allowed: A, B, C", e.getMessage());
    }

    @Test
    void overlapCountsTasksRunningAtTheSameMoment() {
        List<Event> chain = List.of(event("A", 1, "t", 0, 100), event("B", 1, "t", 100, 200), event("C", 1, "t", 150, 300));
        assertEquals(2, Report.of("x", T0, T0 + 300_000, MACHINE, chain, List.of()).maxOverlap(),
                "A ends as B starts: not at the same time");
        assertEquals(0, Report.of("x", T0, T0, MACHINE, List.of(), List.of()).maxOverlap());
    }

    @Test
    void summaryHasItsExactFormat() {
        List<Event> events = List.of(
                new Event(Task.io("A", 1), 4121, 4100, "worker-A", T0, T0 + 500, T0 + 1_001_500, 123, Event.Status.OK, "slept 1.000 s"),
                new Event(Task.cpu("Beta", 1_000_000), 4121, 4100, "worker-Beta", T0, T0 + 800, T0 + 61_800, 60_500, Event.Status.OK,
                        "78498 primes below 1000000"),
                new Event(Task.io("C", 1), -1, -1, "?", T0, T0 + 900, T0 + 5_000_900, -1, Event.Status.TIMED_OUT,
                        "stopped at the run's time bound"));
        Report r = Report.of("threads", T0, T0 + 5_003_000, MACHINE, events, List.of("Task C: something odd"));
        assertEquals("""
                threads: 3 tasks, 2 CPUs, CPU quota none
                task  kind   pid  thread         start      end  duration      cpu  result
                A     io    4121  worker-A     0.001 s  1.002 s   1.001 s  0.000 s  slept 1.000 s
                Beta  cpu   4121  worker-Beta  0.001 s  0.062 s   0.061 s  0.061 s  78498 primes below 1000000
                C     io       ?  ?            0.001 s  5.001 s   5.000 s        -  TIMED OUT: stopped at the run's time bound
                problems:
                  Task C: something odd
                total wall time: 5.003 s""", r.toString());
        String html = r.toMimeBundle().get("text/html").orElseThrow();
        assertTrue(html.startsWith("<table class=\"ptlab-table\""), html);
        assertTrue(html.contains("TIMED OUT: stopped at the run&#39;s time bound"), html);
        assertEquals(r.toString(), r.toMimeBundle().text());
    }

    @Test
    void childJvmStartIsSummedUpAndLongRunsAreCut() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_LISTED_TASKS + 5; i++) {
            events.add(new Event(Task.io("t" + i, 1), 5000 + i, 4100, "main", T0, T0 + 40_000 + i * 1000, T0 + 1_100_000, 0,
                    Event.Status.OK, "slept 1.000 s"));
        }
        String text = Report.of("processes", T0, T0 + 1_200_000, MACHINE, events, List.of()).toString();
        assertEquals(1 + 1 + Limits.MAX_LISTED_TASKS + 3, text.lines().count(), text);
        assertTrue(text.contains("\n... 5 more tasks not listed (Limits.MAX_LISTED_TASKS)\n"), text);
        assertTrue(text.contains("\nchild start (launch to task start): 0.040 s to 0.064 s\n"), text);
    }

    @Test
    void argumentsAreChecked() {
        Event a = event("A", 1, "t", 0, 10);
        assertThrows(IllegalArgumentException.class, () -> Report.of("x", T0, T0 - 1, MACHINE, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> Report.of(" ", T0, T0, MACHINE, List.of(), List.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Report.of("x", T0, T0, MACHINE, List.of(a, a), List.of()))
                .getMessage().contains("two events for the task \"A\""));
        assertThrows(NullPointerException.class, () -> Report.of("x", T0, T0, null, List.of(), List.of()));
        List<Event> withNull = new ArrayList<>();
        withNull.add(null);
        assertTrue(assertThrows(NullPointerException.class, () -> Report.of("x", T0, T0, MACHINE, withNull, List.of()))
                .getMessage().contains("events[0]"));
    }
}
