package ptlab.deadlock;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.internal.Checks;
import ptlab.internal.Escape;
import ptlab.internal.Text;
import ptlab.internal.Tracker;

/**
 * Two threads, {@code thread-A} and {@code thread-B}, and two locks, {@code lock 1} and {@code lock 2}; each
 * thread needs both locks to do its work. Three ways to run them:
 * <ul>
 * <li>{@link #provoke()}: A takes lock 1, B takes lock 2, then each waits for the other's lock: a deadlock, made
 * certain with a latch. The calling thread asks the JVM's detector
 * ({@link ThreadMXBean#findDeadlockedThreads()}) every 10 ms, reads the {@link Cycle}, and breaks it by
 * interrupting {@code thread-B} (it waits with {@link ReentrantLock#lockInterruptibly()}, so it can give up);
 * B releases lock 2 and A finishes;</li>
 * <li>{@link #withLockOrdering()}: both take lock 1 before lock 2, so no cycle can form: B simply waits;</li>
 * <li>{@link #withTryLock(Duration)}: as in the deadlock each holds one lock, but waits for the other with
 * {@link ReentrantLock#tryLock(long, TimeUnit)}; when that times out it lets go of its own lock, backs off and
 * tries again.</li>
 * </ul>
 * Every call ends within its bound, answers an interrupt of the calling thread (its threads are stopped and
 * gone, then it throws {@link InterruptedException}), and returns only when both threads are gone. What the
 * threads did is kept as lines in the {@link Result}, which the calling thread prints.
 */
public final class Deadlock {

    /** How long {@link #provoke()} waits for the detector before it gives up: 5 s. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(5);

    /** The longest bound {@link #provoke(Duration)} accepts: 30 s. */
    public static final Duration MAX_BOUND = Duration.ofSeconds(30);

    /** The longest wait {@link #withTryLock(Duration)} accepts: 2 s. */
    public static final Duration MAX_TRY_WAIT = Duration.ofSeconds(2);

    /** The name of the first thread. */
    public static final String THREAD_A = "thread-A";

    /** The name of the second thread. */
    public static final String THREAD_B = "thread-B";

    /** The name of the first lock. */
    public static final String LOCK_1 = "lock 1";

    /** The name of the second lock. */
    public static final String LOCK_2 = "lock 2";

    private static final long POLL_MILLIS = 10;

    /** A time in milliseconds with one decimal, e.g. {@code 49.1 ms}. */
    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    private Deadlock() {
    }

    /**
     * What one run did.
     *
     * @param scenario      {@code deadlock}, {@code lock ordering} or {@code tryLock}
     * @param log           what happened, one line per step, with the time since the start and the thread
     * @param cycle         the cycle the detector found, or empty when there was none
     * @param detectedAfter how long after the start the detector found it, or empty
     * @param interrupted   the thread the calling thread interrupted to break the cycle, or empty
     * @param finished      the threads that got both locks and did their work
     * @param threadsGone   true when both threads had ended when the call returned
     * @param elapsed       from the start until both threads were gone
     */
    public record Result(String scenario, List<String> log, Optional<Cycle> cycle, Optional<Duration> detectedAfter,
                         Optional<String> interrupted, List<String> finished, boolean threadsGone, Duration elapsed)
            implements Displayable {

        /** Copies the lists. */
        public Result {
            Checks.notNull(scenario, "scenario");
            log = List.copyOf(log);
            Checks.notNull(cycle, "cycle");
            Checks.notNull(detectedAfter, "detectedAfter");
            Checks.notNull(interrupted, "interrupted");
            finished = List.copyOf(finished);
            Checks.notNull(elapsed, "elapsed");
        }

        /** True when the detector found a deadlock. */
        public boolean deadlocked() {
            return cycle.isPresent();
        }

        /** The summary lines: cycle, how it was broken, who finished, whether the threads are gone. */
        public List<String> summary() {
            List<String> s = new ArrayList<>();
            s.add(scenario + ": " + (cycle.isPresent() ? "deadlock detected after " + millis(detectedAfter.orElseThrow())
                    : "no deadlock"));
            cycle.ifPresent(c -> s.add("cycle: " + c.describe()));
            interrupted.ifPresent(t -> s.add("broken by interrupting " + t));
            s.add("finished their work: " + (finished.isEmpty() ? "none" : String.join(", ", finished)));
            s.add("both threads gone: " + (threadsGone ? "yes" : "NO") + ", after " + millis(elapsed));
            return List.copyOf(s);
        }

        /** The log, then the summary. */
        @Override
        public String toString() {
            return String.join("\n", log) + "\n" + String.join("\n", summary());
        }

        /** The log and the summary as preformatted text. */
        @Override
        public MimeBundle toMimeBundle() {
            String text = toString();
            return MimeBundle.of(text).with("text/html", "<pre>" + Escape.markup(text) + "</pre>");
        }
    }

    /** A {@link ReentrantLock} with a name, which tells who holds it. */
    private static final class NamedLock extends ReentrantLock {
        private static final long serialVersionUID = 1L;
        private final String name;

        NamedLock(String name) {
            this.name = name;
        }

        Thread owner() {
            return getOwner();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The two threads, the two locks and the log of one run. */
    private static final class Scene {
        final long start = System.nanoTime();
        final NamedLock lock1 = new NamedLock(LOCK_1);
        final NamedLock lock2 = new NamedLock(LOCK_2);
        final List<String> log = Collections.synchronizedList(new ArrayList<>());
        final List<String> finished = Collections.synchronizedList(new ArrayList<>());
        final List<NamedLock> locks = List.of(lock1, lock2);
        Thread a;
        Thread b;

        void say(String what) {
            say(Thread.currentThread().getName(), what);
        }

        void say(String who, String what) {
            long micros = (System.nanoTime() - start) / 1_000;
            log.add(String.format(Locale.ROOT, "%7.3f s  %-9s %s", micros / 1e6, who, what));
        }

        void start(Runnable forA, Runnable forB) {
            a = thread(THREAD_A, forA);
            b = thread(THREAD_B, forB);
            a.start();
            b.start();
        }

        private static Thread thread(String name, Runnable body) {
            Thread t = new Thread(body, name);
            t.setDaemon(true);
            return Tracker.track(t);
        }

        /** Does the work with both locks held; {@code second} is already held too. */
        void work(NamedLock first, NamedLock second) {
            say("holds " + first + " and " + second + ": does its work");
            finished.add(Thread.currentThread().getName());
        }

        /** Joins both threads until the deadline; true when both are gone. */
        boolean join(long deadline) throws InterruptedException {
            for (Thread t : List.of(a, b)) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            }
            return !a.isAlive() && !b.isAlive();
        }

        /** Interrupts both threads and waits (a few seconds at most, not interruptibly) until they are gone. */
        boolean stop() {
            boolean interrupted = false;
            a.interrupt();
            b.interrupt();
            long deadline = System.nanoTime() + 3_000_000_000L;
            while ((a.isAlive() || b.isAlive()) && System.nanoTime() < deadline) {
                try {
                    a.join(50);
                    b.join(50);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return interrupted;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        Result result(String scenario, Optional<Cycle> cycle, Optional<Duration> detected, Optional<String> interrupted) {
            return new Result(scenario, log, cycle, detected, interrupted, finished, !a.isAlive() && !b.isAlive(), elapsed());
        }
    }

    /** Same as {@link #provoke(Duration)} with {@link #DEFAULT_BOUND}. */
    public static Result provoke() throws InterruptedException {
        return provoke(DEFAULT_BOUND);
    }

    /**
     * Makes the deadlock, detects it, breaks it. {@code thread-A} takes lock 1 and {@code thread-B} lock 2; when
     * both hold theirs, A asks for lock 2 and B for lock 1. The calling thread polls
     * {@link ThreadMXBean#findDeadlockedThreads()} every 10 ms; when it names both threads, it reads the cycle
     * and interrupts {@code thread-B}, which gives up and releases lock 2, so A gets it and finishes.
     *
     * @param bound how long to wait for the detector, 1 ms to {@link #MAX_BOUND}; if it finds nothing by then, both
     *              threads are interrupted and the result has no cycle
     * @throws InterruptedException if the calling thread is interrupted (both threads are stopped and gone first)
     */
    public static Result provoke(Duration bound) throws InterruptedException {
        Checks.positiveDuration(bound, MAX_BOUND, "bound");
        Scene s = new Scene();
        CountDownLatch bothHold = new CountDownLatch(2);
        s.say("starts " + THREAD_A + " (wants " + LOCK_1 + ", then " + LOCK_2 + ") and " + THREAD_B + " (wants "
                + LOCK_2 + ", then " + LOCK_1 + ")");
        s.start(() -> opposite(s, s.lock1, s.lock2, bothHold, bound), () -> opposite(s, s.lock2, s.lock1, bothHold, bound));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long deadline = s.start + bound.toNanos();
        Optional<Cycle> cycle = Optional.empty();
        Optional<Duration> detected = Optional.empty();
        Optional<String> victim = Optional.empty();
        try {
            while (System.nanoTime() < deadline) {
                long[] ids = mx.findDeadlockedThreads();
                if (ids != null && contains(ids, s.a.threadId()) && contains(ids, s.b.threadId())) {
                    Optional<Cycle> found = cycleOf(s, mx);
                    if (found.isPresent()) {
                        cycle = found;
                        detected = Optional.of(s.elapsed());
                        break;
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
            if (cycle.isPresent()) {
                s.say("findDeadlockedThreads() names " + THREAD_A + " and " + THREAD_B + ": " + cycle.get().describe());
                s.say("breaks the cycle: interrupts " + THREAD_B);
                victim = Optional.of(THREAD_B);
                s.b.interrupt();
                s.join(System.nanoTime() + 2_000_000_000L);
            } else {
                s.say("no deadlock found within " + Text.duration(bound) + ": interrupts both threads");
            }
        } catch (InterruptedException e) {
            s.stop();
            throw new InterruptedException("the deadlock demo was interrupted; both threads are stopped");
        }
        if (s.a.isAlive() || s.b.isAlive()) {
            s.stop();
        }
        return s.result("deadlock", cycle, detected, victim);
    }

    /** One thread of the deadlock: takes {@code first}, waits until both hold one, then waits for {@code second}. */
    private static void opposite(Scene s, NamedLock first, NamedLock second, CountDownLatch bothHold, Duration bound) {
        try {
            first.lockInterruptibly();
        } catch (InterruptedException e) {
            s.say("interrupted before it got " + first);
            return;
        }
        try {
            s.say("holds " + first);
            bothHold.countDown();
            if (!bothHold.await(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                s.say("the other thread never took its lock");
            }
            s.say("wants " + second + " (lockInterruptibly)");
            second.lockInterruptibly();
            try {
                s.work(first, second);
            } finally {
                second.unlock();
            }
        } catch (InterruptedException e) {
            s.say("interrupted while waiting for " + second + ": gives up");
        } finally {
            first.unlock();
            s.say("releases " + first);
        }
    }

    /** The cycle among our two threads: what each holds (the lock's owner) and waits for (the lock's queue). */
    private static Optional<Cycle> cycleOf(Scene s, ThreadMXBean mx) {
        List<Cycle.Link> links = new ArrayList<>();
        for (Thread t : List.of(s.a, s.b)) {
            ThreadInfo info = mx.getThreadInfo(t.threadId());
            NamedLock holds = null;
            NamedLock waits = null;
            for (NamedLock l : s.locks) {
                if (l.owner() == t) {
                    holds = l;
                }
                if (l.hasQueuedThread(t)) {
                    waits = l;
                }
            }
            if (info == null || holds == null || waits == null || info.getLockOwnerName() == null) {
                return Optional.empty();
            }
            links.add(new Cycle.Link(t.getName(), holds.toString(), waits.toString(), info.getLockOwnerName()));
        }
        return Optional.of(new Cycle(links));
    }

    private static boolean contains(long[] ids, long id) {
        return Arrays.stream(ids).anyMatch(i -> i == id);
    }

    /**
     * The first fix: both threads take lock 1 before lock 2. {@code thread-A} takes lock 1; {@code thread-B} then
     * asks for lock 1 too (not lock 2) and waits, holding nothing; A takes lock 2, works and releases both; then B
     * takes both and works. No cycle can form, whatever the timing. Bounded by {@link #DEFAULT_BOUND}.
     *
     * @throws InterruptedException if the calling thread is interrupted (both threads are stopped and gone first)
     */
    public static Result withLockOrdering() throws InterruptedException {
        Scene s = new Scene();
        CountDownLatch aHolds = new CountDownLatch(1);
        long deadline = s.start + DEFAULT_BOUND.toNanos();
        s.say("starts " + THREAD_A + " and " + THREAD_B + "; both take " + LOCK_1 + " before " + LOCK_2);
        Thread[] bRef = new Thread[1];
        Runnable forA = () -> {
            try {
                s.lock1.lockInterruptibly();
            } catch (InterruptedException e) {
                s.say("interrupted before it got " + LOCK_1);
                return;
            }
            try {
                s.say("holds " + LOCK_1);
                aHolds.countDown();
                // wait until B is queued on lock 1: the moment that deadlocked before
                while (bRef[0] == null || !s.lock1.hasQueuedThread(bRef[0])) {
                    if (System.nanoTime() > deadline) {
                        break;
                    }
                    Thread.sleep(1);
                }
                s.say("sees " + THREAD_B + " waiting for " + LOCK_1 + "; wants " + LOCK_2);
                s.lock2.lockInterruptibly();
                try {
                    s.work(s.lock1, s.lock2);
                } finally {
                    s.lock2.unlock();
                }
            } catch (InterruptedException e) {
                s.say("interrupted: gives up");
            } finally {
                s.lock1.unlock();
                s.say("releases " + LOCK_2 + " and " + LOCK_1);
            }
        };
        Runnable forB = () -> {
            try {
                aHolds.await();
                s.say("wants " + LOCK_1 + " (it comes first), holding nothing");
                s.lock1.lockInterruptibly();
                try {
                    s.say("holds " + LOCK_1 + "; wants " + LOCK_2);
                    s.lock2.lockInterruptibly();
                    try {
                        s.work(s.lock1, s.lock2);
                    } finally {
                        s.lock2.unlock();
                    }
                } finally {
                    s.lock1.unlock();
                    s.say("releases " + LOCK_2 + " and " + LOCK_1);
                }
            } catch (InterruptedException e) {
                s.say("interrupted: gives up");
            }
        };
        s.a = Scene.thread(THREAD_A, forA);
        s.b = Scene.thread(THREAD_B, forB);
        bRef[0] = s.b;
        s.a.start();
        s.b.start();
        return finish(s, deadline, "lock ordering");
    }

    /**
     * The second fix: each thread holds one lock, as in the deadlock, but waits for the other with
     * {@code tryLock(wait)}. When that times out it releases its own lock, backs off ({@code thread-A} for half of
     * {@code wait}, {@code thread-B} for twice {@code wait}, so they do not collide again) and tries again.
     * Bounded by {@link #DEFAULT_BOUND}.
     *
     * @param wait how long {@code tryLock} waits, 1 ms to {@link #MAX_TRY_WAIT}
     * @throws InterruptedException if the calling thread is interrupted (both threads are stopped and gone first)
     */
    public static Result withTryLock(Duration wait) throws InterruptedException {
        Checks.positiveDuration(wait, MAX_TRY_WAIT, "wait");
        if (wait.toMillis() < 1) {
            throw new IllegalArgumentException("wait = " + Text.duration(wait) + " is out of range; allowed: 1 ms to "
                    + Text.duration(MAX_TRY_WAIT));
        }
        Scene s = new Scene();
        long deadline = s.start + DEFAULT_BOUND.toNanos();
        CountDownLatch bothHold = new CountDownLatch(2);
        s.say("starts " + THREAD_A + " (" + LOCK_1 + ", then " + LOCK_2 + ") and " + THREAD_B + " (" + LOCK_2
                + ", then " + LOCK_1 + "); each waits at most " + Text.duration(wait) + " for its second lock");
        s.start(() -> polite(s, s.lock1, s.lock2, bothHold, wait, wait.dividedBy(2), deadline),
                () -> polite(s, s.lock2, s.lock1, bothHold, wait, wait.multipliedBy(2), deadline));
        return finish(s, deadline, "tryLock");
    }

    private static void polite(Scene s, NamedLock first, NamedLock second, CountDownLatch bothHold, Duration wait,
                               Duration backOff, long deadline) {
        try {
            for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
                first.lockInterruptibly();
                try {
                    s.say("holds " + first + (attempt == 1 ? "" : " (attempt " + attempt + ")"));
                    if (attempt == 1) {
                        bothHold.countDown();
                        bothHold.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                    s.say("tryLock(" + second + ", " + Text.duration(wait) + ")");
                    if (second.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                        try {
                            s.work(first, second);
                        } finally {
                            second.unlock();
                        }
                        return;
                    }
                    s.say("timed out waiting for " + second + ": releases " + first + ", backs off "
                            + Text.duration(backOff));
                } finally {
                    first.unlock();
                }
                Thread.sleep(backOff);
            }
            s.say("gave up: its time bound passed");
        } catch (InterruptedException e) {
            s.say("interrupted: gives up");
        }
    }

    /** Waits for both threads until the deadline, then stops what is left; an interrupt stops both. */
    private static Result finish(Scene s, long deadline, String scenario) throws InterruptedException {
        try {
            if (!s.join(deadline)) {
                s.say("the time bound passed: interrupts both threads");
                s.stop();
            }
        } catch (InterruptedException e) {
            s.stop();
            throw new InterruptedException("the " + scenario + " demo was interrupted; both threads are stopped");
        }
        return s.result(scenario, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The whole lesson in lines, for a terminal: the deadlock detected and broken, then both fixes.
     *
     * @param out where to print
     * @throws InterruptedException if interrupted (both threads are stopped and gone first)
     */
    public static void demo(PrintStream out) throws InterruptedException {
        Checks.notNull(out, "out");
        out.println("1. A deadlock, detected and broken:");
        out.println(provoke());
        out.println();
        out.println("2. Fix: lock ordering (both take lock 1 first):");
        out.println(withLockOrdering());
        out.println();
        out.println("3. Fix: tryLock with a timeout, release and back off:");
        out.println(withTryLock(Duration.ofMillis(100)));
        out.flush();
    }
}
