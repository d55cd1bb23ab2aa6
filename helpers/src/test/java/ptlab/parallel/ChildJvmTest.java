package ptlab.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;
import ptlab.run.Work;
import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Machine;
import ptlab.task.Report;
import ptlab.task.Task;
import ptlab.testing.HangGuard;
import ptlab.testing.Lines;
import ptlab.testing.NoLeftovers;

/** {@link ChildJvm}: several tasks on threads of one child JVM limited to some CPUs. */
@ExtendWith(NoLeftovers.class)
class ChildJvmTest {

    private static final long N = 300_000;
    private static final long PRIMES = Work.countPrimesBelow(N, Work.NO_DEADLINE);

    private static List<Task> tasks(int count) {
        List<Task> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Task.cpu(String.valueOf((char) ('A' + i)), N));
        }
        return list;
    }

    private static void assertWellFormed(Report r, List<Task> tasks) {
        assertTrue(r.ok(), r.toString());
        assertEquals(tasks.size(), r.events().size(), r.toString());
        long previous = Long.MIN_VALUE;
        for (Event e : r.events()) {
            assertTrue(e.startMicros() >= previous, "events ordered by start: " + r.events());
            previous = e.startMicros();
            assertTrue(e.submittedMicros() <= e.startMicros() && e.startMicros() <= e.endMicros(), e.toString());
            assertTrue(r.startMicros() <= e.submittedMicros() && e.endMicros() <= r.endMicros(), "inside the run: " + e);
            assertTrue(e.cpuMicros() >= 0, e.toString());
            assertEquals(PRIMES + " primes below " + N, e.result());
        }
        for (Task t : tasks) {
            assertEquals(t, r.event(t.name()).task());
        }
    }

    /** Fault: no taskset: pinning falls back to the JVM flag, and the note saying so is one line. */
    @Test
    void withoutTasksetPinningSaysWhatItFallsBackToInOneLine() {
        List<java.nio.file.Path> nowhere = List.of(java.nio.file.Path.of("/no/such/dir/taskset"));
        assertTrue(ChildJvm.taskset(nowhere).isEmpty());
        String note = ChildJvm.pinningNote(nowhere);
        assertEquals("taskset is not installed here (looked for /no/such/dir/taskset; it is in util-linux): the child JVM gets "
                + "-XX:ActiveProcessorCount only, so the OS may still run it on every CPU", note);
        assertEquals(ChildJvm.taskset().isPresent(), ChildJvm.pinningNote().isEmpty());
    }

    @Test
    void oneCpuChildRunsEveryTaskInOneProcessOnThreadsOfItsOwn() throws Exception {
        List<Task> tasks = tasks(3);
        Lines out = new Lines();
        ChildJvm.Result res = ChildJvm.cpus(1).output(out).run(tasks);
        Report r = res.report();
        assertWellFormed(r, tasks);
        assertEquals(1, r.pids().size(), "one process: " + r.pids());
        long pid = r.pids().iterator().next();
        assertEquals(res.pid(), pid);
        assertNotEquals(ProcessHandle.current().pid(), pid);
        for (Event e : r.events()) {
            assertEquals(ProcessHandle.current().pid(), e.parentPid(), "the child's parent is this JVM: " + e);
        }
        assertEquals(Set.of("worker-A", "worker-B", "worker-C"), r.threads());
        assertEquals(1, res.availableProcessors(), "the child JVM saw one CPU: " + res.describe());
        assertEquals(ChildJvm.taskset().isPresent(), res.pinned());
        if (res.pinned()) {
            assertEquals(ChildJvm.firstCpus(ChildJvm.allowedCpus(), 1), res.allowedCpus(), res.describe());
            assertEquals(ChildJvm.taskset().get(), res.command().get(0));
        }
        assertTrue(out.lines().contains("Task A starting  pid=" + pid + "  thread=worker-A"), out.text());
        assertTrue(out.text().contains("child JVM, 1 CPU"), out.text());
    }

    @Test
    void flagOnlyChangesWhatTheJvmBelievesNotWhereItRuns() throws Exception {
        ChildJvm.Result res = ChildJvm.cpus(1).pinned(false).quiet().run(tasks(2));
        assertWellFormed(res.report(), tasks(2));
        assertEquals(1, res.availableProcessors());
        assertFalse(res.pinned());
        assertEquals(ChildJvm.allowedCpus(), res.allowedCpus(), "not pinned: the same CPUs as this JVM");
        assertTrue(res.command().contains("-XX:ActiveProcessorCount=1"), res.command().toString());
        assertEquals(JavaCommand.java(), res.command().get(0));
    }

    @Test
    void allCpusRunTasksAtTheSameMomentOnTwoOrMoreCpus() throws Exception {
        assumeTrue(Machine.current().effectiveCpus() >= 2, "needs 2 or more CPUs: " + Machine.current().describe());
        List<Task> tasks = tasks(2);
        ChildJvm.Result res = ChildJvm.allCpus().quiet().run(tasks);
        assertWellFormed(res.report(), tasks);
        assertEquals(Runtime.getRuntime().availableProcessors(), res.availableProcessors());
        assertTrue(res.report().maxOverlap() >= 2, res.report().toString());
        assertFalse(res.command().stream().anyMatch(a -> a.startsWith("-XX:ActiveProcessorCount")), res.command().toString());
    }

    @Test
    void badArgumentsNameTheParameterAndTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChildJvm.cpus(0));
        assertTrue(e.getMessage().startsWith("k = 0 is out of range; allowed: 1 to 1024"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChildJvm.cpus(-2));
        assertTrue(e.getMessage().startsWith("k = -2 is out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChildJvm.cpus(1).run(List.of()));
        assertTrue(e.getMessage().startsWith("tasks must not be empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChildJvm.allCpus().run(tasks(1).get(0), tasks(1).get(0)));
        assertTrue(e.getMessage().contains("two tasks are named \"A\""), e.getMessage());
        List<Task> many = new ArrayList<>();
        for (int i = 0; i <= ChildJvm.MAX_TASKS; i++) {
            many.add(Task.cpu("T" + i, 10));
        }
        e = assertThrows(IllegalArgumentException.class, () -> ChildJvm.cpus(1).run(many));
        assertTrue(e.getMessage().contains("65 is over the cap of 64") && e.getMessage().contains("ChildJvm.MAX_TASKS"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChildJvm.cpus(1).timeout(Duration.ZERO));
        assertTrue(e.getMessage().startsWith("timeout = "), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ChildJvm.allCpus().pinned(true));
        assertThrows(NullPointerException.class, () -> ChildJvm.cpus(1).run((Task[]) null));
    }

    @Test
    void firstCpusTakesTheFirstAllowedOnes() {
        assertEquals("0", ChildJvm.firstCpus("0-3", 1));
        assertEquals("2,3", ChildJvm.firstCpus("2-5", 2));
        assertEquals("1,4,8", ChildJvm.firstCpus("1,4,8-9", 3));
        assertEquals("0,1", ChildJvm.firstCpus("0-1", 8));
        assertEquals("0", ChildJvm.firstCpus("?", 1));
        assertEquals("0-2", ChildJvm.firstCpus("", 3));
    }

    @Test
    void timeBoundStopsTasksAsTimedOut() throws Exception {
        ChildJvm.Result res = ChildJvm.cpus(1).timeout(Duration.ofMillis(800)).quiet()
                .run(Task.cpu("A", Limits.MAX_CPU_SIZE), Task.cpu("B", Limits.MAX_CPU_SIZE));
        for (Event e : res.report().events()) {
            assertEquals(Event.Status.TIMED_OUT, e.status(), e.toString());
        }
        assertFalse(res.report().ok());
    }

    @Test
    void interruptKillsTheChildAtOnce() throws Exception {
        Lines out = new Lines();
        CountDownLatch running = out.when(l -> l.startsWith("Task ") && l.contains(" starting  "), 2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread cell = new Thread(() -> {
            try {
                ChildJvm.cpus(1).output(out).run(Task.io("A", 20), Task.cpu("B", Limits.MAX_CPU_SIZE));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "cell");
        cell.start();
        Lines.await(running, "2 tasks to start");
        cell.interrupt();
        HangGuard.join(cell);
        InterruptedException e = assertInstanceOf(InterruptedException.class, thrown.get());
        assertTrue(e.getMessage().contains("run interrupted after") && e.getMessage().endsWith("nothing left running"),
                e.getMessage());
        assertTrue(out.lines().contains(e.getMessage()), out.text());
    }

    @Test
    void childExitsWhenItsParentIsNotWhoItWasToldToWatch() throws Exception {
        // "--parent 1": the child's real parent is this JVM, not PID 1, so it must leave at once with status 3
        List<String> cmd = JavaCommand.of(ThreadsChild.class, List.of(), List.of("--parent", "1", "io:20000000:A"));
        // status 3 is the watch's; the task would sleep 20 s, past the run's bound of 15 s, which kills it
        ChildProcess.Result r = ChildProcess.run("watch", cmd, JavaCommand.environment(), Duration.ofSeconds(15), 100);
        assertEquals(3, r.exit().code(), r.toString());
    }
}
