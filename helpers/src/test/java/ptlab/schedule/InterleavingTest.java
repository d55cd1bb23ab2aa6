package ptlab.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ptlab.schedule.Interleaving.step;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.race.Counter;
import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class InterleavingTest {

    /** count++ as three steps, as notebook 06 writes it. */
    static final class SteppedTally implements Counter {
        private volatile long count;

        @Override
        public void increment() {
            long seen = step("read", () -> count);
            long next = step("add", () -> seen + 1);
            step("write", () -> count = next);
        }

        @Override
        public long get() {
            return count;
        }
    }

    private final StepLock a = Interleaving.lock("a");
    private final StepLock b = Interleaving.lock("b");

    private void both(StepLock first, StepLock second) {
        first.lock();
        try {
            second.lock();
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    private static Set<String> replayThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.matches("thread-[A-C]")).collect(Collectors.toSet());
    }

    @Test
    void interleavedReadsLoseAnUpdateAndSayWhichValuesTheySaw() throws Exception {
        Replay r = Interleaving.increments("A1 B1 A2 B2 A3 B3", SteppedTally::new, 2);
        assertEquals("A read 0, B read 0, A add 1, B add 1, A write 1, B write 1: 2 increments, counted 1: one update lost", r.story());
        assertEquals(1, r.lost().getAsLong(), r.toString());
        assertEquals("2 increments, counted 1: one update lost", r.outcome());
        assertTrue(r.allFinished() && r.threadsGone() && !r.deadlocked(), r.toString());
    }

    @Test
    void aSerialScheduleLosesNothingAndThreeThreadsCanLoseTwo() throws Exception {
        assertEquals(0, Interleaving.increments("A1 A2 A3 B1 B2 B3", SteppedTally::new, 2).lost().getAsLong());
        Replay two = Interleaving.increments("A1 B1 C1 A2 B2 C2 A3 B3 C3", SteppedTally::new, 3);
        assertEquals(2, two.lost().getAsLong(), two.toString());
        assertEquals("3 increments, counted 1: 2 updates lost", two.outcome());
    }

    @Test
    void theSameScheduleGivesAnEqualReplayTwentyTimes() throws Exception {
        for (String s : List.of("A1 B1 A2 B2 A3 B3", "A1 A2 B1 B2 B3 A3", "B1 B2 B3 A1 A2 A3")) {
            Replay first = Interleaving.increments(s, SteppedTally::new, 2);
            for (int i = 0; i < 19; i++) {
                assertEquals(first, Interleaving.increments(s, SteppedTally::new, 2), s);
            }
        }
        Replay dead = Interleaving.replay("A1 B1 A2 B2", () -> both(a, b), () -> both(b, a));
        for (int i = 0; i < 19; i++) {
            assertEquals(dead, Interleaving.replay("A1 B1 A2 B2", () -> both(a, b), () -> both(b, a)));
        }
    }

    @Test
    void oppositeLockOrdersEndInADeadlockWithItsCycleAndNoThreadLeft() throws Exception {
        int before = Thread.activeCount();
        Replay r = Interleaving.replay("A1 B1 A2 B2", () -> both(a, b), () -> both(b, a));
        assertTrue(r.deadlocked(), r.toString());
        assertEquals("thread-A holds a and waits for b, held by thread-B; thread-B holds b and waits for a, held by thread-A",
                r.cycle().orElseThrow().describe());
        assertEquals("deadlock after step B2: each thread of the cycle waits for a lock another one holds", r.outcome());
        assertEquals("A lock(a) took a, B lock(b) took b, A lock(b) waits: b is held by thread-B,"
                + " B lock(a) waits: a is held by thread-A: " + r.outcome(), r.story());
        assertTrue(r.threadsGone(), r.toString());
        assertEquals(Set.of(), replayThreads());
        assertTrue(Thread.activeCount() <= before, "threads before " + before + ", after " + Thread.activeCount());
        assertTrue(r.toMimeBundle().get("text/html").orElseThrow().contains("<svg"), "the cycle is drawn");
    }

    @Test
    void threeThreadsCanCloseACycleOfThree() throws Exception {
        StepLock c = Interleaving.lock("c");
        Replay r = Interleaving.replay("A1 B1 C1 A2 B2 C2", () -> both(a, b), () -> both(b, c), () -> both(c, a));
        assertEquals("thread-A holds a and waits for b, held by thread-B; thread-B holds b and waits for c, held by"
                + " thread-C; thread-C holds c and waits for a, held by thread-A", r.cycle().orElseThrow().describe());
        assertTrue(r.threadsGone(), r.toString());
        String html = r.toMimeBundle().get("text/html").orElseThrow();
        assertEquals(3, html.split("<circle", -1).length - 1, html);
    }

    @Test
    void aLockLetGoOfIsHandedToTheThreadWaitingForIt() throws Exception {
        Replay r = Interleaving.replay("A1 B1 A2 B2", () -> both(a, b), () -> both(a, b));
        assertFalse(r.deadlocked(), r.toString());
        assertEquals("every thread finished", r.outcome());
        assertEquals(List.of("A1", "B1", "A2", "(B1)", "B2"), r.rows().stream().map(Replay.Row::step).toList(), r.toString());
        assertEquals("A lock(a) took a, B lock(a) waits: a is held by thread-A, A lock(b) took b,"
                + " B lock(a), continued took a, B lock(b) took b: every thread finished", r.story());
        assertEquals("took b; let go of b; let go of a; finished", r.rows().get(2).shows());
        assertTrue(r.allFinished() && r.threadsGone(), r.toString());
    }

    @Test
    void aScheduleThatRunsAWaitingThreadEndsThereWithoutHanging() throws Exception {
        Replay r = Interleaving.replay("A1 B1 B2", () -> both(a, b), () -> both(a, b));
        assertTrue(r.outcome().startsWith("cannot go on at step B2: thread-B still waits for a, held by thread-A"), r.outcome());
        assertEquals(List.of("thread-A (next: A2 lock(b))", "thread-B (next: B2 lock(a))"), r.unfinished());
        assertTrue(r.threadsGone());
    }

    @Test
    void malformedSchedulesNameTheStepAndLeaveNothingRunning() {
        Set<String> before = replayThreads();
        assertMessage("schedule is empty", () -> Interleaving.increments("  ", SteppedTally::new, 2));
        assertMessage("schedule has 1001 steps; allowed: 1 to 1000",
                () -> Interleaving.increments("A1 ".repeat(1001), SteppedTally::new, 2));
        assertMessage("step 2 \"X9\" is not a step", () -> Interleaving.increments("A1 X9", SteppedTally::new, 2));
        assertMessage("step 2 \"A0\" is not a step", () -> Interleaving.increments("A1 A0", SteppedTally::new, 2));
        assertMessage("step C1 names thread C, but this replay has threads A and B",
                () -> Interleaving.increments("A1 C1", SteppedTally::new, 2));
        assertMessage("step A4 (number 4 of the schedule): thread A has already finished, after 3 steps",
                () -> Interleaving.increments("A1 A2 A3 A4", SteppedTally::new, 2));
        assertMessage("step A3 (number 2 of the schedule) is not thread A's next step; allowed: A2 (add)",
                () -> Interleaving.increments("A1 A3", SteppedTally::new, 2));
        assertEquals(before, replayThreads());
    }

    @Test
    void anyTextIsEitherAScheduleThatReadsBackOrAnErrorNamingTheStep() {
        java.util.Random random = new java.util.Random(15);
        String alphabet = "ABCDa0129 ,\t-";
        int schedules = 0;
        for (int i = 0; i < 5_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                Schedule s = Schedule.parse(text.toString());
                assertEquals(s, Schedule.parse(s.toString()), text.toString());
                schedules++;
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("step ") || e.getMessage().startsWith("schedule is empty"),
                        text + ": " + e.getMessage());
            }
        }
        assertTrue(schedules > 0 && schedules < 5_000, "schedules read: " + schedules);
    }

    @Test
    void aStepThatNeverEndsIsCutAtTheTimeBound() throws Exception {
        Replay r = new Replayer(Schedule.parse("A1 B1"), List.of(() -> {
            step("spin");
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
        }, () -> step("never")), Duration.ofMillis(300)).run();
        assertTrue(r.outcome().startsWith("timed out: thread-A did not reach its next step within 300 ms"), r.outcome());
        assertTrue(r.threadsGone() && !r.allFinished(), r.toString());
    }

    @Test
    void anInterruptEndsTheReplayAndItsThreads() throws Exception {
        Thread caller = Thread.currentThread();
        Thread poke = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        try {
            InterruptedException e = assertThrows(InterruptedException.class, () -> Interleaving.replay("A1",
                    () -> { step("sleep"); Thread.sleep(60_000); }));
            assertTrue(e.getMessage().contains("its threads were stopped"), e.getMessage());
        } finally {
            poke.join();
        }
        assertEquals(Set.of(), replayThreads());
    }

    @Test
    void locksTakenWithoutFinallyAreFreeAgainAfterTheReplayEnds() throws Exception {
        Replay r = Interleaving.replay("A1 B1 A2 B2", () -> { a.lock(); b.lock(); }, () -> { b.lock(); a.lock(); });
        assertTrue(r.deadlocked(), r.toString());
        assertTrue(r.threadsGone());
        Thread outside = Thread.ofPlatform().daemon().start(() -> both(a, b));   // waits for ever if a or b is still held
        outside.join(2_000);
        assertFalse(outside.isAlive(), "a lock of the ended replay was still held");
        Replay again = Interleaving.replay("A1 A2 B1 B2", () -> both(a, b), () -> both(b, a));
        assertEquals("every thread finished", again.outcome(), again.toString());
    }

    @Test
    void outsideAReplayStepsOnlyRunTheirStatement() {
        SteppedTally t = new SteppedTally();
        t.increment();
        t.increment();
        assertEquals(2, t.get());
        both(a, b);
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
