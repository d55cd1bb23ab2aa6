package ptlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import ptlab.task.Limits;
import ptlab.task.Task;
import ptlab.testing.NoLeftovers;

/** Bad arguments fail fast, before anything starts, with the parameter, the value and the cap in the message. */
@ExtendWith(NoLeftovers.class)
class RunnerArgumentsTest {

    private static List<Task> tasks(int n) {
        return IntStream.range(0, n).mapToObj(i -> Task.io("t" + i, 0.001)).toList();
    }

    private static String iae(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    private static String npe(Executable e) {
        return assertThrows(NullPointerException.class, e).getMessage();
    }

    @Test
    void taskListsAreChecked() {
        assertEquals("tasks must not be null", npe(() -> Runner.threads().run((Task[]) null)));
        assertEquals("tasks must not be null", npe(() -> Runner.threads().run((List<Task>) null)));
        assertEquals("tasks[1] must not be null", npe(() -> Runner.threads().run(Task.io("A", 1), null)));
        assertEquals("tasks must not be empty; allowed: 1 to 64 tasks for threads() (one platform thread each)",
                iae(() -> Runner.threads().run()));
        assertEquals("tasks must not be empty; allowed: 1 to 10000 tasks per run", iae(() -> Runner.sequential().run(List.of())));
        String dup = iae(() -> Runner.threads().run(Task.io("A", 1), Task.cpu("A", 5)));
        assertTrue(dup.startsWith("tasks: two tasks are named \"A\"; allowed: distinct names"), dup);
    }

    @Test
    void capsAreEnforcedBeforeAnythingStarts() {
        assertEquals("tasks: 65 is over the cap of 64 tasks for threads() (one platform thread each) (Limits.MAX_PLATFORM_THREADS)",
                iae(() -> Runner.threads().run(tasks(65))));
        assertEquals("tasks: 9 is over the cap of 8 tasks for processes() (one child JVM each) (Limits.MAX_PROCESSES)",
                iae(() -> Runner.processes().run(tasks(9))));
        assertEquals("tasks: 10001 is over the cap of 10000 tasks for virtualThreads() (one virtual thread each) "
                + "(Limits.MAX_VIRTUAL_THREADS)", iae(() -> Runner.virtualThreads().run(tasks(10_001))));
        assertEquals("tasks: 10001 is over the cap of 10000 tasks per run (Limits.MAX_TASKS)",
                iae(() -> Runner.pool(4).run(tasks(10_001))));
        assertTrue(iae(() -> Runner.pool(0)).startsWith("threads = 0 is out of range; allowed: 1 to 64"));
        assertTrue(iae(() -> Runner.pool(65)).startsWith("threads = 65 is out of range; allowed: 1 to 64"));
    }

    @Test
    void waitingThatCannotFitInTheTimeBoundFailsFast() {
        List<Task> three = List.of(Task.io("A", 25), Task.io("B", 25), Task.io("C", 25));
        String seq = iae(() -> Runner.sequential().run(three));
        assertEquals("tasks: their waiting alone takes at least 75.000 s with sequential, over this runner's time bound of "
                + "60.000 s; allowed: at most 60.000 s of waiting (Limits.MAX_RUN_TIME, or timeout(...))", seq);
        List<Task> five = IntStream.range(0, 5).mapToObj(i -> Task.io("t" + i, 25)).toList();
        assertTrue(iae(() -> Runner.pool(2).run(five)).contains("at least 62.500 s with pool of 2"));
        assertTrue(iae(() -> Runner.threads().timeout(Duration.ofSeconds(2)).run(Task.io("A", 3))).contains("at least 3.000 s"));
    }

    @Test
    void optionsAreChecked() {
        assertEquals("timeout must not be null", npe(() -> Runner.threads().timeout(null)));
        assertTrue(iae(() -> Runner.threads().timeout(Duration.ofSeconds(61))).startsWith("timeout = 61 s is out of range; allowed: 1 ms to 60 s"));
        assertTrue(iae(() -> Runner.threads().timeout(Duration.ZERO)).startsWith("timeout = 0 ns is out of range"));
        assertTrue(iae(() -> Runner.threads().timeout(Duration.ofNanos(5_000))).startsWith("timeout = 5 µs is out of range; allowed: 1 ms"));
        assertEquals("out must not be null", npe(() -> Runner.threads().output(null)));
        assertEquals("options[1] must not be null", npe(() -> Runner.processes().jvmOptions("-Xint", null)));
        for (String bad : List.of("Xint", "-cp", "-jar", " -Xint", "-Xint ")) {
            assertTrue(iae(() -> Runner.processes().jvmOptions(bad)).startsWith("options[0] "), bad);
        }
        String[] many = new String[Limits.MAX_JVM_OPTIONS + 1];
        java.util.Arrays.fill(many, "-Xint");
        assertTrue(iae(() -> Runner.processes().jvmOptions(many)).startsWith("options: 33 is over the cap of 32"));
        assertTrue(iae(() -> Runner.processes().activeProcessors(0)).startsWith("n = 0 is out of range; allowed: 1 to 1024"));
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> Runner.threads().jvmOptions("-Xint"));
        assertEquals("jvmOptions(...) applies to Runner.processes() only; this runner is threads", wrong.getMessage());
        assertThrows(IllegalStateException.class, () -> Runner.sequential().activeProcessors(1));
    }

    /**
     * Heap options count against the memory budget of a run: eight child JVMs that each pre-touch a 256 MB heap
     * reach some 2.7 GB resident, past the 2 GB a Binder pod has, so they are refused before anything starts, in a
     * message that names the budget and the heap asked for. A small heap stays allowed.
     */
    @Test
    void heapOptionsCountAgainstTheMemoryBudget() throws Exception {
        Runner big = Runner.processes().quiet().jvmOptions("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");
        String m = iae(() -> big.run(tasks(8)));
        assertTrue(m.toLowerCase(java.util.Locale.ROOT).contains("budget"), m);
        assertTrue(m.contains("256"), m);
        assertTrue(Runner.processes().quiet().jvmOptions("-Xmx32m").run(tasks(1)).ok());
    }

    @Test
    void runnersAreImmutableValuesWithNames() {
        Runner base = Runner.threads();
        Runner shorter = base.timeout(Duration.ofSeconds(5));
        assertEquals(Limits.MAX_RUN_TIME, base.timeout());
        assertEquals(Duration.ofSeconds(5), shorter.timeout());
        assertEquals("Runner[threads, time bound 5 s]", shorter.toString());
        List<String> names = new ArrayList<>();
        for (Runner r : List.of(Runner.sequential(), Runner.threads(), Runner.virtualThreads(), Runner.pool(3), Runner.processes())) {
            names.add(r.name());
        }
        assertEquals(List.of("sequential", "threads", "virtual threads", "pool of 3", "processes"), names);
    }
}
