package ptlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.run.Work;
import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.Task;
import ptlab.testing.Lines;
import ptlab.testing.NoLeftovers;

/** The runners that work inside this JVM: sequential, threads, virtual threads, pool. */
@ExtendWith(NoLeftovers.class)
class RunnerTest {

    private static final long PID = ProcessHandle.current().pid();

    private static List<Task> abc(double seconds) {
        return List.of(Task.io("A", seconds), Task.io("B", seconds), Task.io("C", seconds));
    }

    /** Every event lies inside the run, and the events are ordered by start. */
    static void assertNestedAndOrdered(Report r) {
        long previous = Long.MIN_VALUE;
        for (Event e : r.events()) {
            assertTrue(e.startMicros() >= r.startMicros(), e + " starts before the run " + r.startMicros());
            assertTrue(e.endMicros() <= r.endMicros(), e + " ends after the run " + r.endMicros());
            assertTrue(e.startMicros() >= previous, "events not ordered by start: " + r.events());
            previous = e.startMicros();
        }
    }

    @Test
    void sequentialRunsInTheCallingThreadOneAfterTheOther() throws Exception {
        Report r = Runner.sequential().quiet().run(abc(0.05));
        assertEquals("sequential", r.runner());
        assertEquals(List.of("A", "B", "C"), r.events().stream().map(Event::name).toList());
        assertEquals(Set.of(PID), r.pids());
        assertEquals(Set.of(Thread.currentThread().getName()), r.threads());
        for (int i = 1; i < r.events().size(); i++) {
            assertTrue(r.events().get(i).startMicros() >= r.events().get(i - 1).endMicros(),
                    "task " + i + " started before task " + (i - 1) + " ended: " + r.events());
        }
        assertEquals(1, r.maxOverlap());
        assertTrue(r.ok(), r.toString());
        assertNestedAndOrdered(r);
        for (Event e : r.events()) {
            assertEquals("slept 0.050 s", e.result());
            assertEquals(Work.parentPid(), e.parentPid());
            assertTrue(e.duration().compareTo(Duration.ofMillis(50)) >= 0, "slept less than asked: " + e);
        }
    }

    @Test
    void threadsShareOnePidAndHaveDistinctNames() throws Exception {
        Report r = Runner.threads().quiet().run(abc(0.05));
        assertEquals(Set.of(PID), r.pids());
        assertEquals(Set.of("worker-A", "worker-B", "worker-C"), r.threads());
        for (Event e : r.events()) {
            assertEquals("worker-" + e.name(), e.thread());
            assertTrue(e.cpuMicros() >= 0, "platform threads have CPU time: " + e);
            assertTrue(e.startDelay().compareTo(Duration.ZERO) >= 0, e.toString());
        }
        assertNestedAndOrdered(r);
        assertTrue(r.ok());
    }

    @Test
    void cpuTasksComputeTheRightCount() throws Exception {
        Report r = Runner.threads().quiet().run(Task.cpu("P", 1_000_000), Task.cpu("Q", 100), Task.cpu("R", 2));
        assertEquals("78498 primes below 1000000", r.event("P").result());
        assertEquals("25 primes below 100", r.event("Q").result());
        assertEquals("0 primes below 2", r.event("R").result());
        assertTrue(r.event("P").cpuMicros() > 0, "counting used CPU: " + r.event("P"));
    }

    @Test
    void primeCountMatchesASieve() {
        int max = 200_000;
        boolean[] composite = new boolean[max];
        int[] below = new int[max + 1];
        for (int i = 2; i < max; i++) {
            if (!composite[i]) {
                for (long j = (long) i * i; j < max; j += i) {
                    composite[(int) j] = true;
                }
            }
            below[i + 1] = below[i] + (composite[i] ? 0 : 1);
        }
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 10, 11, 12, 97, 98, 1_000, 4_097, 65_537, 199_999, 200_000}) {
            assertEquals(below[n], Work.countPrimesBelow(n, Work.NO_DEADLINE), "primes below " + n);
        }
    }

    @Test
    void poolReusesItsWorkersAndQueuesTheRest() throws Exception {
        Report r = Runner.pool(2).quiet().run(abc(0.05));
        assertEquals("pool of 2", r.runner());
        assertEquals(Set.of("pool-worker-1", "pool-worker-2"), r.threads());
        Event a = r.event("A");
        Event b = r.event("B");
        Event c = r.event("C");
        assertTrue(c.startMicros() >= Math.min(a.endMicros(), b.endMicros()), "C started before a worker was free: " + r.events());
        assertTrue(c.startDelay().compareTo(a.startDelay()) > 0, "C waited in the queue: " + r.events());
        assertNestedAndOrdered(r);
    }

    @Test
    void virtualThreadsAreNamedAndHaveNoCpuTime() throws Exception {
        List<Task> many = IntStream.range(0, 2_000).mapToObj(i -> Task.io("t" + i, 0.2)).toList();
        Report r = Runner.virtualThreads().quiet().run(many);
        assertEquals(2_000, r.events().size());
        assertTrue(r.ok());
        assertEquals(Set.of(PID), r.pids());
        assertEquals(2_000, r.threads().size());
        assertTrue(r.threads().contains("virtual-t7"));
        assertTrue(r.events().stream().allMatch(e -> e.cpuMicros() == -1 && e.cpuTime().isEmpty()));
        assertNestedAndOrdered(r);
    }

    @Test
    void liveLinesAndSummaryHaveTheirStableFormat() throws Exception {
        Lines out = new Lines();
        Report r = Runner.threads().output(out).run(abc(0.05));
        List<String> lines = out.lines();
        assertEquals("=== threads: 3 tasks ===", lines.get(0));
        for (String t : List.of("A", "B", "C")) {
            assertTrue(lines.contains("Task " + t + " starting  pid=" + PID + "  thread=worker-" + t), lines.toString());
            Pattern done = Pattern.compile("Task " + t + " done  \\d+\\.\\d{3} s  pid=" + PID + "  thread=worker-" + t);
            assertEquals(1, lines.stream().filter(l -> done.matcher(l).matches()).count(), lines.toString());
            int start = lines.indexOf("Task " + t + " starting  pid=" + PID + "  thread=worker-" + t);
            int end = IntStream.range(0, lines.size()).filter(i -> done.matcher(lines.get(i)).matches()).findFirst().orElseThrow();
            assertTrue(start < end, "starting before done: " + lines);
        }
        String summary = r.toString();
        assertTrue(out.text().endsWith(summary + System.lineSeparator()), "the summary is printed last:\n" + out.text());
        assertTrue(summary.startsWith("threads: 3 tasks, "), summary);
        assertTrue(summary.lines().anyMatch(l -> l.matches("total wall time: \\d+\\.\\d{3} s")), summary);
    }

    @Test
    void quietPrintsNothing() throws Exception {
        Lines out = new Lines();
        Runner.sequential().output(out).quiet().run(Task.io("A", 0.01));
        assertEquals("", out.text());
    }

    @Test
    void runStopsTasksAtItsTimeBoundAndReturns() throws Exception {
        Lines out = new Lines();
        Report r = Runner.threads().timeout(Duration.ofMillis(300)).output(out)
                .run(Task.io("A", 0.01), Task.cpu("B", Limits.MAX_CPU_SIZE));
        assertEquals(Event.Status.OK, r.event("A").status());
        assertEquals(Event.Status.TIMED_OUT, r.event("B").status());
        assertTrue(r.event("B").result().startsWith("stopped at the run's time bound"), r.event("B").result());
        assertFalse(r.ok());
        assertTrue(r.wall().compareTo(Duration.ofMillis(300)) >= 0, "B ran until the bound: " + r.wall());
        assertTrue(out.lines().contains("Time bound of 0.300 s reached: stopped B"), out.text());
        assertTrue(out.lines().stream().anyMatch(l -> l.startsWith("Task B timed out  ")), out.text());
    }

    @Test
    void sequentialRunReportsTasksItHadNoTimeToStart() throws Exception {
        Report r = Runner.sequential().timeout(Duration.ofMillis(200)).quiet()
                .run(Task.cpu("A", Limits.MAX_CPU_SIZE), Task.io("B", 0.01));
        assertEquals(Event.Status.TIMED_OUT, r.event("A").status());
        assertEquals(1, r.events().size());
        assertEquals(List.of("not started (the run's time bound was reached): B"), r.problems());
    }
}
