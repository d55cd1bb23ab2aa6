package ptlab.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class DeadlockTest {

    private final ReentrantLock a = new ReentrantLock();
    private final ReentrantLock b = new ReentrantLock();
    private final ReentrantLock c = new ReentrantLock();
    private final Deadlock watchdog = Deadlock.watchdog().name(a, "a").name(b, "b").name(c, "c");

    private static boolean anyWatchedThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().matches("thread-[A-H]"));
    }

    private static Thread watched(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
    }

    /** Takes first, waits until every thread holds its first lock, then takes second (interruptibly). */
    private static void inTurn(ReentrantLock first, ReentrantLock second, CountDownLatch allHold) throws InterruptedException {
        first.lockInterruptibly();
        try {
            allHold.countDown();
            allHold.await();
            second.lockInterruptibly();
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    @Test
    void oppositeOrdersAreDetectedAsACycleAndBrokenWithinTheBound() throws Exception {
        CountDownLatch bothHold = new CountDownLatch(2);
        Deadlock.Result r = watchdog.run(() -> inTurn(a, b, bothHold), () -> inTurn(b, a, bothHold));
        assertTrue(r.deadlocked(), r.toString());
        assertEquals(1, r.cycles().size(), r.toString());
        Cycle cycle = r.cycle().orElseThrow();
        assertEquals(List.of(new Cycle.Link("thread-A", "a", "b", "thread-B"), new Cycle.Link("thread-B", "b", "a", "thread-A")),
                cycle.links());
        assertEquals(List.of("thread-B"), r.interrupted());
        assertEquals(List.of("thread-A"), r.finished(), "A gets b once B gives up");
        assertEquals(new Deadlock.Ending("thread-B", "gave up (InterruptedException)"), r.endings().get(1));
        assertTrue(r.threadsGone());
        assertTrue(r.summary().contains("cycle: thread-A holds a and waits for b, held by thread-B; thread-B holds b and waits for a, held by thread-A"),
                r.toString());
        assertTrue(r.log().stream().anyMatch(l -> l.contains("findDeadlockedThreads() names thread-A and thread-B")), r.toString());
        assertFalse(anyWatchedThreadAlive());
    }

    @Test
    void threeThreadsAndThreeLocksMakeACycleOfThree() throws Exception {
        CountDownLatch allHold = new CountDownLatch(3);
        Deadlock.Result r = watchdog.run(() -> inTurn(a, b, allHold), () -> inTurn(b, c, allHold), () -> inTurn(c, a, allHold));
        assertEquals(List.of("thread-A", "thread-B", "thread-C"), r.cycle().orElseThrow().threads(), r.toString());
        assertEquals(List.of("a", "b", "c"), r.cycle().orElseThrow().locks(), "what each holds, in cycle order");
        assertEquals(List.of("thread-C"), r.interrupted());
        assertEquals(List.of("thread-A", "thread-B"), r.finished(), r.toString());
        assertTrue(r.threadsGone());
    }

    @Test
    void oneLockOrderAndTryLockWithBackOffFinishWithoutADeadlock() throws Exception {
        for (Deadlock.Result r : List.of(watchdog.run(() -> Deadlock.takeBoth(a, b), () -> Deadlock.takeBoth(a, b)),
                watchdog.run(() -> Deadlock.backingOff(a, b), () -> Deadlock.backingOff(b, a)))) {
            assertFalse(r.deadlocked(), r.toString());
            assertEquals(List.of("thread-A", "thread-B"), r.finished(), r.toString());
            assertTrue(r.interrupted().isEmpty());
            assertTrue(r.threadsGone());
            assertTrue(r.summary().get(0).equals("no deadlock"), r.toString());
        }
    }

    @Test
    void aLockWithoutANameShowsItsClassAndIdentity() throws Exception {
        CountDownLatch bothHold = new CountDownLatch(2);
        ReentrantLock x = new ReentrantLock();
        Deadlock.Result r = Deadlock.watchdog().name(a, "a").run(() -> inTurn(a, x, bothHold), () -> inTurn(x, a, bothHold));
        assertTrue(r.cycle().orElseThrow().describe().matches(
                "thread-A holds a and waits for ReentrantLock@[0-9a-f]+, held by thread-B; thread-B holds ReentrantLock@[0-9a-f]+ and waits for a, held by thread-A"),
                r.toString());
    }

    @Test
    void aMonitorInTheCycleIsNamedAndItsBlockedWaitReported() throws Exception {
        Object left = new Object();
        CountDownLatch bothHold = new CountDownLatch(2);
        Deadlock.Work leftThenB = () -> {
            synchronized (left) {
                bothHold.countDown();
                bothHold.await();
                b.lockInterruptibly();
                b.unlock();
            }
        };
        Deadlock.Work bThenLeft = () -> {
            b.lockInterruptibly();
            try {
                bothHold.countDown();
                bothHold.await();
                synchronized (left) { // BLOCKED: no interrupt ends this wait
                    Thread.onSpinWait();
                }
            } finally {
                b.unlock();
            }
        };
        Deadlock.Result r = watchdog.name(left, "left").run(leftThenB, bThenLeft);
        assertEquals("thread-A holds left and waits for b, held by thread-B; thread-B holds b and waits for left, held by thread-A",
                r.cycle().orElseThrow().describe());
        assertEquals("thread-B: still blocked at a synchronized block, held by thread-A: no interrupt can end that wait;"
                + " it stays until the kernel restarts", r.endings().get(1).toString());
        assertFalse(r.threadsGone());
        Thread threadA = watched("thread-A");
        Thread threadB = watched("thread-B");
        threadA.interrupt(); // A gives up its wait for b and leaves the synchronized block
        threadB.join(2_000);
        threadA.join(2_000);
        assertFalse(anyWatchedThreadAlive());
    }

    @Test
    void workThatIgnoresInterruptsIsReportedAsStillRunning() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Deadlock.Result r = Deadlock.watchdog().bound(Duration.ofMillis(200)).run(() -> {
            while (!stop.get()) {
                Thread.onSpinWait();
            }
        });
        Thread spinner = watched("thread-A");
        stop.set(true);
        assertFalse(r.deadlocked());
        assertEquals("thread-A: still running: it did not stop when interrupted; it runs until the kernel restarts",
                r.endings().get(0).toString());
        assertFalse(r.threadsGone());
        spinner.join(2_000);
    }

    @Test
    void aWaitThatIgnoresInterruptsIsReportedAndTheRunStillReturns() throws Exception {
        CountDownLatch bothHold = new CountDownLatch(2);
        Deadlock.Work aThenB = () -> inTurn(a, b, bothHold);
        Deadlock.Work bThenA = () -> {
            b.lock();
            try {
                bothHold.countDown();
                bothHold.await();
                a.lock(); // ignores interrupts
                a.unlock();
            } finally {
                b.unlock();
            }
        };
        long t0 = System.nanoTime();
        Deadlock.Result r = watchdog.run(aThenB, bThenA);
        assertTrue(System.nanoTime() - t0 < Deadlock.GRACE.toNanos() + 1_500_000_000L);
        assertTrue(r.deadlocked());
        assertEquals(List.of("thread-B"), r.interrupted());
        assertFalse(r.threadsGone());
        assertTrue(r.log().stream().anyMatch(l -> l.contains("thread-B still waits 1 s after the interrupt: its wait ignores interrupts")),
                r.toString());
        assertTrue(r.endings().get(1).how().startsWith("still waiting for a lock, held by thread-A: it waits with lock()"), r.toString());
        // the test, unlike a notebook, can end it: A waits interruptibly, gives up a, and then B gets it
        Thread threadA = watched("thread-A");
        Thread threadB = watched("thread-B");
        threadA.interrupt();
        threadB.join(2_000);
        threadA.join(2_000);
        assertFalse(anyWatchedThreadAlive());
    }

    @Test
    void workThatThrowsOrNeverReturnsIsReportedWithinTheBound() throws Exception {
        long t0 = System.nanoTime();
        Deadlock.Result r = watchdog.bound(Duration.ofMillis(300)).run(() -> {
            throw new IllegalStateException("oops");
        }, () -> Thread.sleep(60_000), () -> {
            a.lockInterruptibly(); // never unlocks: the next work waits for a dead owner
        }, () -> {
            Thread.sleep(50);
            a.lockInterruptibly();
        });
        assertTrue(System.nanoTime() - t0 < 300_000_000L + Deadlock.GRACE.toNanos() + 500_000_000L);
        assertEquals(List.of("thread-A: threw java.lang.IllegalStateException: oops", "thread-B: gave up (InterruptedException)",
                "thread-C: finished", "thread-D: gave up (InterruptedException)"), r.endings().stream().map(Object::toString).toList());
        assertFalse(r.deadlocked());
        assertTrue(r.threadsGone());
        assertTrue(r.log().stream().anyMatch(l -> l.contains("its bound of 300 ms passed: interrupts thread-B and thread-D")), r.toString());
    }

    @Test
    void anInterruptOfTheCallerStopsEveryThread() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                watchdog.run(() -> Thread.sleep(60_000), () -> Thread.sleep(60_000));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "watchdog-caller");
        caller.start();
        Thread.sleep(300);
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);
        assertFalse(caller.isAlive());
        assertTrue(System.nanoTime() - t0 < 1_500_000_000L);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertFalse(anyWatchedThreadAlive());
    }

    @Test
    void badArgumentsNameTheParameter() {
        var e = assertThrows(IllegalArgumentException.class, () -> watchdog.bound(Duration.ofSeconds(31)));
        assertTrue(e.getMessage().startsWith("bound = 31 s is out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> watchdog.bound(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().startsWith("bound = "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> watchdog.run());
        assertTrue(e.getMessage().startsWith("works = 0 is out of range; allowed: 1 to 8"), e.getMessage());
        Deadlock.Work w = () -> { };
        e = assertThrows(IllegalArgumentException.class, () -> watchdog.run(w, w, w, w, w, w, w, w, w));
        assertTrue(e.getMessage().startsWith("works = 9 is out of range"), e.getMessage());
        var n = assertThrows(NullPointerException.class, () -> watchdog.run(w, null));
        assertEquals("works[1] must not be null", n.getMessage());
        n = assertThrows(NullPointerException.class, () -> watchdog.bound(null));
        assertEquals("bound must not be null", n.getMessage());
        n = assertThrows(NullPointerException.class, () -> watchdog.name(null, "x"));
        assertEquals("lock must not be null", n.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> watchdog.name(new Object(), " "));
        assertTrue(e.getMessage().startsWith("name must not be blank"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> watchdog.name(new Object(), "a"));
        assertEquals("name \"a\" is already given to another lock; allowed: one name per lock", e.getMessage());
        assertEquals(watchdog.name(a, "renamed").name(b, "a").bound(), Deadlock.DEFAULT_BOUND, "a lock may be renamed");
        assertThrows(IllegalArgumentException.class, () -> new Cycle(List.of()));
    }

    @Test
    void theDemoPrintsAllThree() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deadlock.demo(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("cycle: thread-A holds lock 1 and waits for lock 2, held by thread-B"), s);
        assertEquals(2, s.lines().filter(l -> l.equals("no deadlock")).count(), s);
        assertEquals(3, s.lines().filter(l -> l.startsWith("all threads gone: yes")).count(), s);
    }
}
