package ptlab.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class EventTest {

    private static final Task A = Task.io("A", 1);

    @Test
    void derivedValues() {
        Event e = new Event(A, 4121, 4100, "worker-A", 1_000_000, 1_000_250, 2_001_250, 1_500, Event.Status.OK, "slept 1.000 s");
        assertEquals("A", e.name());
        assertEquals(Instant.ofEpochSecond(1, 250_000), e.start());
        assertEquals(Duration.ofMillis(1001), e.duration());
        assertEquals(Duration.ofNanos(250_000), e.startDelay());
        assertEquals(Optional.of(Duration.ofNanos(1_500_000)), e.cpuTime());
        assertTrue(e.ok());
        assertEquals("Event[A io pid=4121 thread=worker-A 1.001 s done: slept 1.000 s]", e.toString());
        Event stopped = e.withStatus(Event.Status.INTERRUPTED, "interrupted");
        assertFalse(stopped.ok());
        assertEquals("interrupted", stopped.status().words());
        assertEquals("timed out", Event.Status.TIMED_OUT.words());
    }

    @Test
    void overlapIsStrict() {
        Event a = new Event(A, 1, 1, "t", 0, 0, 10, 0, Event.Status.OK, "");
        Event b = new Event(Task.io("B", 1), 1, 1, "t", 0, 10, 20, 0, Event.Status.OK, "");
        Event c = new Event(Task.io("C", 1), 1, 1, "t", 0, 5, 15, 0, Event.Status.OK, "");
        assertFalse(a.overlaps(b));
        assertTrue(a.overlaps(c) && c.overlaps(b));
    }

    @Test
    void valuesAreChecked() {
        assertTrue(assertThrows(NullPointerException.class, () -> new Event(null, 1, 1, "t", 0, 0, 0, 0, Event.Status.OK, ""))
                .getMessage().contains("task"));
        assertThrows(NullPointerException.class, () -> new Event(A, 1, 1, null, 0, 0, 0, 0, Event.Status.OK, ""));
        assertThrows(NullPointerException.class, () -> new Event(A, 1, 1, "t", 0, 0, 0, 0, null, ""));
        assertThrows(NullPointerException.class, () -> new Event(A, 1, 1, "t", 0, 0, 0, 0, Event.Status.OK, null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Event(A, 0, 1, "t", 0, 0, 0, 0, Event.Status.OK, ""))
                .getMessage().startsWith("pid = 0"));
        assertThrows(IllegalArgumentException.class, () -> new Event(A, 1, -2, "t", 0, 0, 0, 0, Event.Status.OK, ""));
        assertThrows(IllegalArgumentException.class, () -> new Event(A, 1, 1, "", 0, 0, 0, 0, Event.Status.OK, ""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Event(A, 1, 1, "t", 0, 5, 4, 0, Event.Status.OK, ""))
                .getMessage().startsWith("endMicros = 4"));
        assertThrows(IllegalArgumentException.class, () -> new Event(A, 1, 1, "t", 0, 0, 0, -2, Event.Status.OK, ""));
        assertThrows(IllegalArgumentException.class, () -> new Event(A, 1, 1, "t", -1, 0, 0, 0, Event.Status.OK, ""));
    }
}
