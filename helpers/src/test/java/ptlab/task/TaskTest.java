package ptlab.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.run.Work;
import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class TaskTest {

    @Test
    void ioTaskIsDataWithMicrosecondSize() {
        Task a = Task.io("A", Duration.ofMillis(1500));
        assertEquals("A", a.name());
        assertEquals(Task.Kind.IO, a.kind());
        assertEquals(1_500_000, a.size());
        assertEquals(Duration.ofMillis(1500), a.duration());
        assertEquals("io 1.500 s", a.describe());
        assertEquals("Task[A: io 1.500 s]", a.toString());
        assertEquals(a, Task.io("A", 1.5));
        assertEquals(a.hashCode(), Task.io("A", 1.5).hashCode());
        assertEquals(1, Task.io("A", 0.0000014).size(), "rounds to whole microseconds");
        assertEquals(1, Task.io("A", Duration.ofNanos(1_999)).size(), "drops finer parts");
    }

    @Test
    void cpuTaskIsDataWithN() {
        Task c = Task.cpu("C", 1_000_000);
        assertEquals(Task.Kind.CPU, c.kind());
        assertEquals(1_000_000, c.size());
        assertEquals(Duration.ZERO, c.duration());
        assertEquals("cpu primes below 1000000", c.describe());
        assertNotEquals(c, Task.cpu("C", 999_999));
        assertNotEquals(c, c.named("D"));
        assertEquals("D", c.named("D").name());
        assertEquals(c.size(), c.named("D").size());
    }

    @Test
    void dataFormRoundTrips() {
        for (Task t : new Task[] {Task.io("Zoë 任务 1", 0.25), Task.cpu("x y", 77)}) {
            assertEquals(t, Task.of(t.kind(), t.name(), t.size()));
        }
        assertEquals(Task.Kind.CPU, Task.Kind.ofLabel("CPU"));
        assertEquals("io", Task.Kind.IO.label());
    }

    @Test
    void namesAreChecked() {
        assertTrue(assertThrows(NullPointerException.class, () -> Task.io(null, 1)).getMessage().contains("name"));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> Task.io("  ", 1));
        assertTrue(blank.getMessage().startsWith("name ") && blank.getMessage().contains("allowed"), blank.getMessage());
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class, () -> Task.cpu("a\tb", 10));
        assertTrue(control.getMessage().contains("name") && control.getMessage().contains("U+0009"), control.getMessage());
        IllegalArgumentException longName = assertThrows(IllegalArgumentException.class,
                () -> Task.io("x".repeat(Limits.MAX_NAME_LENGTH + 1), 1));
        assertTrue(longName.getMessage().contains("name") && longName.getMessage().contains("64"), longName.getMessage());
        assertEquals(Limits.MAX_NAME_LENGTH, Task.io("x".repeat(Limits.MAX_NAME_LENGTH), 1).name().length());
        assertThrows(IllegalArgumentException.class, () -> Task.io("A", 1).named(""));
    }

    @Test
    void durationsAreChecked() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 30.001, 1e-7}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Task.io("A", bad), "seconds " + bad);
            assertTrue(e.getMessage().startsWith("seconds = ") && e.getMessage().contains("allowed: 0.000001 to 30 seconds"),
                    e.getMessage());
        }
        assertTrue(assertThrows(NullPointerException.class, () -> Task.io("A", (Duration) null)).getMessage().contains("duration"));
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(999), Duration.ofSeconds(31)}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Task.io("A", bad));
            assertTrue(e.getMessage().startsWith("duration = ") && e.getMessage().contains("allowed: 1 µs to 30 s"), e.getMessage());
        }
        assertEquals(30_000_000, Task.io("A", Limits.MAX_TASK_DURATION).size());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> Task.cpuCalibrated("A", Duration.ofMinutes(1)));
        assertTrue(c.getMessage().startsWith("about = "), c.getMessage());
    }

    @Test
    void sizesAreChecked() {
        for (long bad : new long[] {0, -5, Limits.MAX_CPU_SIZE + 1, Long.MAX_VALUE, Long.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Task.cpu("A", bad));
            assertTrue(e.getMessage().startsWith("n = " + bad) && e.getMessage().contains("allowed: 1 to " + Limits.MAX_CPU_SIZE),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Task.of(Task.Kind.IO, "A", 0));
        assertThrows(IllegalArgumentException.class, () -> Task.of(Task.Kind.IO, "A", 30_000_001));
        assertThrows(NullPointerException.class, () -> Task.of(null, "A", 1));
        assertThrows(IllegalArgumentException.class, () -> Task.Kind.ofLabel("gpu"));
    }

    @Test
    void runHereDoesTheTaskInTheCallingThreadAndRecordsIt() {
        Event io = Work.runHere(Task.io("W", 0.02));
        assertEquals(Event.Status.OK, io.status());
        assertEquals(ProcessHandle.current().pid(), io.pid());
        assertEquals(Thread.currentThread().getName(), io.thread());
        assertTrue(io.duration().toMillis() >= 20, io.toString());
        assertTrue(io.submittedMicros() <= io.startMicros() && io.startMicros() <= io.endMicros(), io.toString());
        Event cpu = Work.runHere(Task.cpu("C", 100));
        assertEquals("25 primes below 100", cpu.result());
    }

    @Test
    void runHereStopsWhenTheThreadIsInterrupted() {
        Thread.currentThread().interrupt();
        Event e = Work.runHere(Task.io("W", 5));
        assertEquals(Event.Status.INTERRUPTED, e.status());
        assertTrue(e.duration().toMillis() < 5000, e.toString());
        assertTrue(!Thread.currentThread().isInterrupted(), "the interrupt status is clear afterwards");
    }
}
