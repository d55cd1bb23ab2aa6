package ptlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.Task;
import ptlab.testing.Lines;
import ptlab.testing.NoLeftovers;

/**
 * Child JVMs that misbehave on purpose ({@code ptlab.child.Child --fault}): each is reported as such, with the
 * task's name, and the run finishes. The healthy task next to it is unaffected.
 */
@ExtendWith(NoLeftovers.class)
class FaultsTest {

    private static Report run(String fault, Lines out, Task... tasks) throws Exception {
        return Runner.processes().fault(fault).timeout(Duration.ofSeconds(20)).output(out).run(tasks);
    }

    @Test
    void aCrashedChildIsAFailedTask() throws Exception {
        Lines out = new Lines();
        Report r = run("crash", out, Task.io("A", 0.05));
        Event a = r.event("A");
        assertEquals(Event.Status.FAILED, a.status());
        assertEquals("child JVM exited with status 13 before reporting the task", a.result());
        assertTrue(a.pid() > 0, "the PID is known from the start line: " + a);
        assertTrue(out.lines().stream().anyMatch(l -> l.startsWith("Task A failed  ") && l.endsWith(a.result())), out.text());
        assertTrue(r.toString().contains("FAILED: child JVM exited with status 13"), r.toString());
    }

    @Test
    void aHangingChildIsKilledByItsWatchdog() throws Exception {
        Report r = Runner.processes().fault("hang").timeout(Duration.ofMillis(1500)).quiet().run(Task.io("A", 0.05));
        Event a = r.event("A");
        assertEquals(Event.Status.TIMED_OUT, a.status());
        assertTrue(a.result().startsWith("child JVM killed by its watchdog at the run's time bound"), a.result());
        assertTrue(r.wall().compareTo(Duration.ofSeconds(15)) < 0, "bounded: " + r.wall());
    }

    @Test
    void aFloodingChildIsDrainedAndCutShort() throws Exception {
        Lines out = new Lines();
        Report r = run("flood", out, Task.io("A", 0.05));
        assertEquals(Event.Status.OK, r.event("A").status(), "the task itself ran: " + r);
        long shown = out.lines().stream().filter(l -> l.startsWith("[A] ")).count();
        assertEquals(Limits.MAX_CHILD_OUTPUT_LINES, shown);
        assertTrue(r.problems().stream().anyMatch(p -> p.startsWith("Task A: its child printed ") && p.contains("not shown (flood")),
                r.problems().toString());
        assertFalse(r.ok());
    }

    @Test
    void malformedProtocolLinesAreReportedNotFatal() throws Exception {
        Lines out = new Lines();
        Report r = run("malformed", out, Task.io("A", 0.05));
        assertEquals(Event.Status.OK, r.event("A").status());
        List<String> malformed = r.problems().stream().filter(p -> p.startsWith("Task A: malformed protocol line from its child")).toList();
        assertEquals(5, malformed.size(), r.problems().toString());
        assertTrue(malformed.stream().anyMatch(p -> p.contains("unsupported protocol version '@ptlab/9'")), malformed.toString());
        assertTrue(malformed.stream().anyMatch(p -> p.contains("field 'pid' is not a number")), malformed.toString());
        assertTrue(malformed.stream().anyMatch(p -> p.contains("unknown verb 'bogus'")), malformed.toString());
        assertTrue(out.lines().containsAll(malformed), "problems are printed live too");
    }

    @Test
    void ordinaryOutputAndStderrAreShownWithTheTaskName() throws Exception {
        Lines out = new Lines();
        Report r = run("stderr", out, Task.io("A", 0.05));
        assertTrue(r.ok(), r.toString());
        assertTrue(out.lines().containsAll(List.of("[A stderr] a line on stderr", "[A stderr] another line on stderr",
                "[A] an ordinary line on stdout")), out.text());
    }

    @Test
    void aChildThatExitsWithoutReportingFails() throws Exception {
        Report r = run("silent", new Lines(), Task.io("A", 0.05));
        assertEquals(Event.Status.FAILED, r.event("A").status());
        assertEquals("child JVM exited with status 0 before reporting the task", r.event("A").result());
    }

    @Test
    void aBadExitStatusAfterAGoodReportIsAProblem() throws Exception {
        Report r = run("exit:7", new Lines(), Task.io("A", 0.05));
        assertEquals(Event.Status.OK, r.event("A").status());
        assertEquals(List.of("Task A: its child JVM exited with status 7 after reporting the task"), r.problems());
    }

    @Test
    void aJvmThatCannotStartIsAFailedTaskWithItsStderrShown() throws Exception {
        Lines out = new Lines();
        Report r = Runner.processes().jvmOptions("-XX:+NoSuchFlagAnywhere").output(out).run(Task.io("A", 0.05), Task.io("B", 0.05));
        for (String t : List.of("A", "B")) {
            assertEquals(Event.Status.FAILED, r.event(t).status());
            assertEquals("child JVM exited with status 1 before reporting the task", r.event(t).result());
            assertTrue(out.lines().stream().anyMatch(l -> l.startsWith("[" + t + " stderr] ") && l.contains("NoSuchFlagAnywhere")),
                    out.text());
        }
    }
}
