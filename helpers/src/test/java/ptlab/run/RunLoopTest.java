package ptlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.task.Event;
import ptlab.task.Report;
import ptlab.task.RunInterruptedException;
import ptlab.task.Task;
import ptlab.testing.Lines;
import ptlab.testing.NoLeftovers;

/** {@link RunLoop} with engines written here: what any engine gets from the one loop. */
@ExtendWith(NoLeftovers.class)
class RunLoopTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    /** An engine that does what {@code onStart} says and records the loop's calls. */
    private static final class Scripted implements Engine {
        final boolean inline;
        final Consumer<Context> onStart;
        final List<String> calls = new ArrayList<>();
        List<String> leftovers = List.of();

        Scripted(boolean inline, Consumer<Context> onStart) {
            this.inline = inline;
            this.onStart = onStart;
        }

        @Override
        public void start(Context context) {
            calls.add("start");
            onStart.accept(context);
        }

        @Override
        public boolean inCallingThread() {
            return inline;
        }

        @Override
        public void cancel() {
            calls.add("cancel");
        }

        @Override
        public boolean awaitGone(Duration timeout) {
            calls.add("awaitGone");
            return leftovers.isEmpty();
        }

        @Override
        public List<String> leftovers() {
            return leftovers;
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private static Event event(Context c, Task t, Event.Status status, String result) {
        long now = c.clock().nowMicros();
        return new Event(t, 1, 0, "here", now, now, now, 0, status, result);
    }

    @Test
    void whatTheCallingThreadSaysIsPrintedAtOnce() throws Exception {
        Lines out = new Lines();
        Task a = Task.io("A", 0.01);
        List<String> seenDuringStart = new ArrayList<>();
        Scripted engine = new Scripted(true, c -> {
            c.started(a, 1, "here", c.clock().nowMicros());
            seenDuringStart.addAll(out.lines());
            c.finished(event(c, a, Event.Status.OK, "done by hand"));
        });
        Report r = RunLoop.run("by hand", List.of(a), BOUND, false, out, engine);
        assertEquals(List.of("=== by hand: 1 task ===", "Task A starting  pid=1  thread=here"), seenDuringStart,
                "the starting line is out before the engine goes on");
        assertEquals("done by hand", r.event("A").result());
        assertEquals(List.of("start", "awaitGone", "close"), engine.calls, "nothing to cancel in a run that completed");
    }

    @Test
    void aChildGoneWithoutReportingEndsItsTaskAsItsEngineSays() throws Exception {
        Task a = Task.io("A", 0.01);
        Task b = Task.io("B", 0.01);
        Task c = Task.io("C", 0.01);
        Scripted engine = new Scripted(false, ctx -> new Thread(() -> {
            ctx.started(a, 7, "main", ctx.clock().nowMicros());
            ctx.gone(a, Context.Gone.EXITED, "child exited with status 3 before reporting the task", 7, ctx.clock().nowMicros());
            ctx.gone(b, Context.Gone.WATCHDOG, "child killed by its watchdog", 8, ctx.clock().nowMicros());
            ctx.reported(event(ctx, c, Event.Status.OK, "reported"));
            ctx.gone(c, Context.Gone.EXITED, "not used: C reported", 9, ctx.clock().nowMicros());
        }).start());
        Report r = RunLoop.run("children", List.of(a, b, c), BOUND, true, null, engine);
        assertEquals(Event.Status.FAILED, r.event("A").status());
        assertEquals("child exited with status 3 before reporting the task", r.event("A").result());
        assertEquals(7, r.event("A").pid());
        assertEquals(Event.Status.TIMED_OUT, r.event("B").status());
        assertEquals(Event.Status.OK, r.event("C").status());
        assertEquals("reported", r.event("C").result());
    }

    @Test
    void anEngineThatNeverReportsIsCancelledAtTheTimeBound() throws Exception {
        Lines out = new Lines();
        Scripted engine = new Scripted(false, c -> { });
        long t0 = System.nanoTime();
        Report r = RunLoop.run("silent", List.of(Task.io("A", 0.01)), Duration.ofMillis(100), false, out, engine);
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "bounded");
        assertEquals(List.of("start", "cancel", "awaitGone", "close"), engine.calls);
        assertEquals(List.of(), r.events());
        assertEquals(List.of("not started (the run's time bound was reached): A"), r.problems());
        assertTrue(out.lines().contains("Time bound of 0.100 s reached: no task was running; not started: A"), out.text());
    }

    @Test
    void anInterruptCancelsAndNamesWhatIsStillRunning() {
        Scripted engine = new Scripted(false, c -> Thread.currentThread().interrupt());
        engine.leftovers = List.of("thread stuck");
        RunInterruptedException e = assertThrows(RunInterruptedException.class,
                () -> RunLoop.run("stuck", List.of(Task.io("A", 0.01)), BOUND, true, null, engine));
        assertTrue(e.getMessage().startsWith("stuck run interrupted after "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; still running: thread stuck"), e.getMessage());
        assertEquals(List.of("start", "cancel", "awaitGone", "close"), engine.calls);
        Thread.interrupted();
    }

    @Test
    void theWaitingCheckCountsTasksThatRunAtTheSameTime() {
        List<Task> four = List.of(Task.io("A", 1), Task.io("B", 1), Task.io("C", 1), Task.io("D", 1));
        Duration bound = Duration.ofMillis(1500);
        assertEquals(four, RunLoop.check(four, 10, "tasks", "X", Integer.MAX_VALUE, bound, "all at once"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunLoop.check(four, 10, "tasks", "X", 2, bound, "pool of 2"));
        assertTrue(e.getMessage().startsWith("tasks: their waiting alone takes at least 2.000 s with pool of 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunLoop.check(four, 3, "tasks for this", "X.CAP", 1, BOUND, "one"));
        assertEquals("tasks: 4 is over the cap of 3 tasks for this (X.CAP)", e.getMessage());
    }
}
