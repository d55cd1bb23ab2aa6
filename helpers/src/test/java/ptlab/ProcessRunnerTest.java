package ptlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.Task;
import ptlab.testing.Lines;
import ptlab.testing.NoLeftovers;

/** {@link Runner#processes()}: one child JVM per task. */
@ExtendWith(NoLeftovers.class)
class ProcessRunnerTest {

    private static final long PID = ProcessHandle.current().pid();

    @Test
    void processesHaveDistinctPidsWhoseParentIsThisJvm() throws Exception {
        Lines out = new Lines();
        Report r = Runner.processes().output(out).run(Task.io("A", 0.1), Task.io("B", 0.1), Task.cpu("C", 100_000));
        assertTrue(r.ok(), r.toString());
        assertEquals(3, r.pids().size(), "three processes: " + r.pids());
        assertFalse(r.pids().contains(PID));
        for (Event e : r.events()) {
            assertEquals(PID, e.parentPid(), "the child's parent is this JVM: " + e);
            assertEquals("main", e.thread());
            assertTrue(e.startDelay().compareTo(Duration.ZERO) > 0, "a JVM takes time to start: " + e);
            assertTrue(e.cpuMicros() >= 0, e.toString());
        }
        assertEquals("9592 primes below 100000", r.event("C").result());
        RunnerTest.assertNestedAndOrdered(r);
        assertTrue(r.toString().contains("child start (launch to task start): "), r.toString());
        for (Event e : r.events()) {
            assertTrue(out.lines().contains("Task " + e.name() + " starting  pid=" + e.pid() + "  thread=main"), out.text());
        }
    }

    @Test
    void namesWithSpacesAndNonAsciiTravelToTheChildAndBack() throws Exception {
        List<Task> tasks = List.of(Task.io("Zoë's task #1", 0.01), Task.io("任务 二", 0.01), Task.io(" padded $HOME ${x} ", 0.01),
                Task.cpu("emoji \uD83D\uDE00 %41", 10));
        Report r = Runner.processes().quiet().run(tasks);
        assertTrue(r.ok(), r.toString());
        for (Task t : tasks) {
            assertEquals(t, r.event(t.name()).task());
        }
    }

    @Test
    void childJvmCommandHasTheDocumentedFlags() {
        Runner runner = Runner.processes().activeProcessors(1).jvmOptions("-Xlog:disable", "-Dx=a b");
        List<String> io = runner.childCommand(Task.io("A", 1));
        List<String> cpu = runner.childCommand(Task.cpu("A", 10));
        assertTrue(io.get(0).endsWith("java"), io.toString());
        assertTrue(io.containsAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
                "-XX:ActiveProcessorCount=1", "-Xlog:disable", "-Dx=a b", "ptlab.child.Child", "--parent", Long.toString(PID),
                "--submitted", "--deadline", "io:1000000:A")), io.toString());
        long submitted = Long.parseLong(io.get(io.indexOf("--submitted") + 1));
        long deadline = Long.parseLong(io.get(io.indexOf("--deadline") + 1));
        assertEquals(runner.timeout().toNanos() / 1_000L, deadline - submitted, "the deadline is one time bound on: " + io);
        assertFalse(cpu.contains("-XX:TieredStopAtLevel=1"), "CPU tasks keep the full JIT: " + cpu);
        assertTrue(io.indexOf("-Dx=a b") < io.indexOf("-cp"), "user options come before the class path");
        assertEquals(Set.of("PATH", "LANG"), ptlab.process.JavaCommand.environment().keySet());
    }

    @Test
    void theCallersOwnClassSharingReplacesTheStandardOne() throws Exception {
        Runner runner = Runner.processes().jvmOptions("-Xshare:off");
        List<String> cmd = runner.childCommand(Task.io("A", 1));
        assertEquals(List.of("-Xshare:off"), cmd.stream().filter(f -> f.startsWith("-Xshare") || f.startsWith("-XX:AOT")
                || f.startsWith("-XX:SharedArchiveFile")).toList());
        Report r = runner.quiet().run(Task.io("A", 0.01));
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void childCommandIsForProcessesOnly() {
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Runner.threads().childCommand(Task.io("A", 1)));
        assertEquals("childCommand(...) applies to Runner.processes() only; this runner is threads", e.getMessage());
    }

    @Test
    void theChildCommandRunsByHandAndReportsItsTask() throws Exception {
        List<String> cmd = Runner.processes().childCommand(Task.io("A", 0.01));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the child ends");
        } finally {
            p.destroyForcibly();
            p.getOutputStream().close();
        }
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith(ptlab.child.Protocol.PREFIX + "\tevent\t")), out);
    }

    @Test
    void extraJvmOptionsReachTheChild() throws Exception {
        Report r = Runner.processes().jvmOptions("-Xint", "-Xss2m").activeProcessors(1).quiet().run(Task.cpu("A", 1_000));
        assertTrue(r.ok(), r.toString());
        assertEquals("168 primes below 1000", r.event("A").result());
    }

    @Test
    void aChildStopsItsTaskAtTheTimeBoundAndSaysSo() throws Exception {
        Lines out = new Lines();
        // a bound well above a child JVM's start on a busy machine (seconds), so that only B meets it
        Report r = Runner.processes().timeout(Duration.ofSeconds(4)).output(out)
                .run(Task.io("A", 0.05), Task.cpu("B", Limits.MAX_CPU_SIZE));
        assertEquals(Event.Status.OK, r.event("A").status());
        assertEquals(Event.Status.TIMED_OUT, r.event("B").status());
        assertTrue(r.event("B").result().startsWith("stopped at the run's time bound after "), r.event("B").result());
        assertTrue(r.event("B").pid() > 0 && r.event("B").cpuMicros() > 0, "the child's own report: " + r.event("B"));
        assertEquals(List.of(), r.problems(), "exit status 1 after a timed-out task is expected");
        assertTrue(out.lines().contains("Time bound of 4.000 s reached: stopped B"), out.text());
    }

    @Test
    void processesAndThreadsDoTheSameWork() throws Exception {
        Report p = Runner.processes().quiet().run(Task.cpu("A", 300_000));
        Report t = Runner.threads().quiet().run(Task.cpu("A", 300_000));
        assertEquals(t.event("A").result(), p.event("A").result());
        assertNotEquals(t.event("A").pid(), p.event("A").pid());
    }
}
