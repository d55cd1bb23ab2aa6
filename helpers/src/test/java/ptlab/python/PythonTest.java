package ptlab.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.process.ChildProcess;
import ptlab.run.Work;
import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Report;
import ptlab.task.Task;
import ptlab.testing.Lines;
import ptlab.testing.NoLeftovers;

/** {@link Python} and {@link PythonRunner}: ptlab's tasks in CPython, reported as ptlab events. */
@ExtendWith(NoLeftovers.class)
class PythonTest {

    private static final long N = 30_000;
    private static final long PRIMES = Work.countPrimesBelow(N, Work.NO_DEADLINE);
    private static final long PID = ProcessHandle.current().pid();

    private static Python py;

    @BeforeAll
    static void findPython() {
        py = Python.find().orElse(null);
    }

    private static Python python() {
        assumeTrue(py != null, Python.notFound());
        return py;
    }

    private static List<Task> cpuTasks(int count) {
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
            assertTrue(e.startMicros() >= previous, "ordered by start: " + r.events());
            previous = e.startMicros();
            assertTrue(e.submittedMicros() <= e.startMicros() && e.startMicros() <= e.endMicros(), e.toString());
            assertTrue(r.startMicros() <= e.submittedMicros() && e.endMicros() <= r.endMicros(), "inside the run: " + e);
            assertTrue(e.cpuMicros() >= 0, e.toString());
            assertNotEquals(PID, e.pid(), "ran in Python, not in this JVM: " + e);
        }
        for (Task t : tasks) {
            assertEquals(t, r.event(t.name()).task());
        }
    }

    /** Fault: no python3 anywhere: find() is empty (no exception), require() says so in one line. */
    @Test
    void withoutPython3FindIsEmptyAndTheMessageIsOneLine() {
        assertTrue(Python.find(Path.of("/no/such/dir/python3"), "/no/such/bin::" + System.getProperty("java.io.tmpdir")).isEmpty());
        assertTrue(Python.find(Path.of("/no/such/dir/python3"), null).isEmpty());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Python.find(Path.of("/no/such/dir/python3"), "").orElseThrow(() -> new IllegalStateException(Python.notFound())));
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void findLooksInTheUsualPlaceFirst() {
        Optional<Python> found = Python.find();
        if (Files.isExecutable(Python.USUAL_PLACE)) {
            assertEquals(Python.USUAL_PLACE, found.orElseThrow().program());
        }
        assertTrue(Python.notFound().startsWith("no python3 found: looked for /usr/bin/python3, then python3 on PATH"));
        assertFalse(Python.notFound().contains("\n"));
    }

    @Test
    void aMissingProgramGivesOneClearLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Python.at("/no/such/dir/python3"));
        assertEquals("program = \"/no/such/dir/python3\": no such file; allowed: the path of a python3 program (or use "
                + "Python.find())", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Python.at(System.getProperty("java.io.tmpdir")));
        assertTrue(e.getMessage().contains("is not an executable file"), e.getMessage());
        assertThrows(NullPointerException.class, () -> Python.at(null));
    }

    @Test
    void aboutSaysVersionAndGil() throws Exception {
        Python.About a = python().about();
        assertTrue(a.version().matches("3\\.\\d+\\.\\d+"), a.toString());
        assertEquals("cpython", a.implementation());
        assertTrue(python().describe().contains(a.version() + " at " + python().program()), python().describe());
    }

    @Test
    void threadEventsParseAndShareOnePythonProcess() throws Exception {
        List<Task> tasks = new ArrayList<>(cpuTasks(3));
        tasks.add(Task.io("Zoë's task #2 $HOME", 0.05));
        Lines out = new Lines();
        Report r = python().threads().output(out).run(tasks);
        assertWellFormed(r, tasks);
        assertEquals(1, r.pids().size(), "CPython threads share one process: " + r.pids());
        Set<String> threads = new HashSet<>();
        for (Event e : r.events()) {
            assertEquals(PID, e.parentPid(), "the Python process is this JVM's child: " + e);
            assertEquals("worker-" + e.name(), e.thread());
            threads.add(e.thread());
            if (e.task().kind() == Task.Kind.CPU) {
                assertEquals(PRIMES + " primes below " + N, e.result(), "the same count as the Java helper");
            } else {
                assertEquals("slept 0.050 s", e.result());
            }
        }
        assertEquals(4, threads.size());
        assertEquals("CPython threads", r.runner());
        long pid = r.pids().iterator().next();
        assertTrue(out.lines().contains("Task A starting  pid=" + pid + "  thread=worker-A"), out.text());
    }

    @Test
    void processEventsHaveDistinctPids() throws Exception {
        List<Task> tasks = cpuTasks(3);
        Report r = python().processes().quiet().run(tasks);
        assertWellFormed(r, tasks);
        assertEquals(3, r.pids().size(), "one process per task: " + r.pids());
        Set<Long> parents = new HashSet<>();
        for (Event e : r.events()) {
            assertEquals("MainThread", e.thread());
            assertEquals(PRIMES + " primes below " + N, e.result());
            parents.add(e.parentPid());
        }
        assertEquals(1, parents.size(), "all started by the one python3 main process: " + parents);
        assertNotEquals(PID, parents.iterator().next());
        assertFalse(r.pids().contains(parents.iterator().next()));
        assertTrue(r.toString().contains("\nchild start (launch to task start): "), r.toString());
        assertFalse(r.toString().contains("JVM"), "a Python child is no JVM: " + r);
    }

    @Test
    void ioOnThreadsSleepsAtTheSameTime() throws Exception {
        List<Task> tasks = List.of(Task.io("A", 0.3), Task.io("B", 0.3), Task.io("C", 0.3));
        Report r = python().threads().quiet().run(tasks);
        assertWellFormed(r, tasks);
        assertEquals(3, r.maxOverlap(), "sleeping threads overlap: the GIL is let go while sleeping\n" + r);
    }

    @Test
    void sizeForGrowsWithTheTime() throws Exception {
        long small = python().sizeFor(Duration.ofMillis(20));
        long big = python().sizeFor(Duration.ofMillis(400));
        assertTrue(3 <= small && small < big && big <= Limits.MAX_CPU_SIZE, small + " " + big);
        assertThrows(IllegalArgumentException.class, () -> python().sizeFor(Duration.ZERO));
    }

    @Test
    void badArgumentsNameTheParameterAndTheRange() {
        Python p = python();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.threads().run(List.of()));
        assertTrue(e.getMessage().startsWith("tasks must not be empty"), e.getMessage());
        List<Task> nine = cpuTasks(9);
        e = assertThrows(IllegalArgumentException.class, () -> p.processes().run(nine));
        assertTrue(e.getMessage().contains("9 is over the cap of 8") && e.getMessage().contains("PythonRunner.MAX_PROCESS_TASKS"),
                e.getMessage());
        List<Task> many = new ArrayList<>();
        for (int i = 0; i <= PythonRunner.MAX_THREAD_TASKS; i++) {
            many.add(Task.cpu("T" + i, 10));
        }
        e = assertThrows(IllegalArgumentException.class, () -> p.threads().run(many));
        assertTrue(e.getMessage().contains("PythonRunner.MAX_THREAD_TASKS"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.threads().run(Task.cpu("A", 10), Task.cpu("A", 20)));
        assertTrue(e.getMessage().contains("two tasks are named \"A\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.threads().timeout(Duration.ofSeconds(1)).run(Task.io("A", 2)));
        assertTrue(e.getMessage().contains("their waiting alone takes at least"), e.getMessage());
    }

    @Test
    void timeBoundStopsPythonTasksAsTimedOut() throws Exception {
        Report r = python().threads().timeout(Duration.ofMillis(700)).quiet()
                .run(Task.cpu("A", Limits.MAX_CPU_SIZE), Task.io("B", 0.7));
        assertEquals(Event.Status.TIMED_OUT, r.event("A").status(), r.toString());
        assertFalse(r.ok());
    }

    @Test
    void interruptKillsThePythonChildAndItsWorkers() throws Exception {
        for (PythonRunner runner : List.of(python().threads(), python().processes())) {
            Lines out = new Lines();
            CountDownLatch running = out.when(l -> l.startsWith("Task ") && l.contains(" starting  "), 2);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread cell = new Thread(() -> {
                try {
                    runner.output(out).run(Task.io("A", 20), Task.cpu("B", Limits.MAX_CPU_SIZE));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "cell");
            cell.start();
            Lines.await(running, "2 tasks to start");
            assertFalse(ProcessHandle.current().descendants().toList().isEmpty());
            cell.interrupt();
            cell.join(10_000);
            assertFalse(cell.isAlive(), "the run did not answer the interrupt");
            InterruptedException e = assertInstanceOf(InterruptedException.class, thrown.get());
            assertTrue(e.getMessage().startsWith(runner.name() + " run interrupted after"), e.getMessage());
            assertTrue(e.getMessage().endsWith("nothing left running"), e.getMessage());
            assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList());
        }
    }

    @Test
    void scriptExitsWhenItsParentIsNotWhoItWasToldToWatch() throws Exception {
        Path dir = Python.writeScript();
        try {
            List<String> cmd = new ArrayList<>(python().command(dir.resolve(Python.scriptName()), "threads", List.of("io:20000000:A")));
            int at = cmd.indexOf("--parent");
            cmd.set(at + 1, "1"); // its real parent is this JVM
            // status 3 is the watch's; the task would sleep 20 s, past the run's bound of 15 s, which kills it
            ChildProcess.Result r = ChildProcess.run("watch", cmd, Python.environment(), Duration.ofSeconds(15), 100);
            assertEquals(3, r.exit().code(), r.toString());
        } finally {
            Python.deleteTree(dir);
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void theTemporaryFolderIsGoneAfterARun() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = folders(tmp);
        python().threads().quiet().run(Task.cpu("A", 10));
        Set<Path> after = folders(tmp);
        after.removeAll(before);
        assertEquals(Set.of(), after);
    }

    private static Set<Path> folders(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return new HashSet<>(s.filter(p -> p.getFileName().toString().startsWith("ptlab-python-")).toList());
        }
    }
}
