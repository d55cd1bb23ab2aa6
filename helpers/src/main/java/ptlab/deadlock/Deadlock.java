package ptlab.deadlock;

import java.io.PrintStream;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.internal.Checks;
import ptlab.internal.Escape;
import ptlab.internal.Text;
import ptlab.internal.Tracker;

/**
 * A watchdog for threads that take locks. You write what each thread does, as a lambda; the watchdog runs each on
 * a thread of its own ({@code thread-A}, {@code thread-B}, ...), asks the JVM's deadlock detector
 * ({@link ThreadMXBean#findDeadlockedThreads()}) every 10 ms whether they are stuck in a cycle, reads the
 * {@link Cycle} (who holds which lock and waits for which), and breaks it by interrupting one thread of it. A
 * cycle of waits that end by themselves ({@code tryLock} with a timeout) is no deadlock and is left alone.
 *
 * <pre>{@code
 * ReentrantLock a = new ReentrantLock(), b = new ReentrantLock();
 * Deadlock.Result r = Deadlock.watchdog().name(a, "a").name(b, "b")
 *         .run(() -> takeBoth(a, b), () -> takeBoth(b, a));   // takeBoth: lockInterruptibly() first, then second
 * }</pre>
 *
 * Interrupting takes a lock away from a thread that would not give it up (it breaks the "no preemption"
 * condition), and it works only where the thread waits interruptibly ({@link ReentrantLock#lockInterruptibly()},
 * {@link ReentrantLock#tryLock(long, TimeUnit)}, {@link Thread#sleep(long)}): a thread that waits in
 * {@link ReentrantLock#lock()} or at a {@code synchronized} block cannot be woken by anything. The watchdog then
 * says so, names the threads and returns: they stay blocked until the kernel restarts.
 *
 * <p>Every run returns within its {@link #bound(Duration)} plus about a second: when the bound passes, every
 * thread still going is interrupted. An interrupt of the calling thread interrupts them all and throws
 * {@link InterruptedException}. What the threads did (finished, gave up when interrupted, threw, or are still
 * going and why) is in the {@link Result}, which the calling thread prints. Immutable: the option methods return
 * a new watchdog.
 */
public final class Deadlock {

    /**
     * What one thread does: usually take some locks, work, release them. It may throw
     * {@link InterruptedException}, as {@link ReentrantLock#lockInterruptibly()} does when the watchdog interrupts it.
     */
    @FunctionalInterface
    public interface Work {
        /** Does the work. */
        void run() throws InterruptedException;
    }

    /** How long a run may take unless {@link #bound(Duration)} says otherwise: 5 s. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(5);

    /** The longest bound a watchdog accepts: 30 s. */
    public static final Duration MAX_BOUND = Duration.ofSeconds(30);

    /** The most threads one run may start: {@value} ({@code thread-A} to {@code thread-H}). */
    public static final int MAX_THREADS = 8;

    /** The most cycles one run breaks; when they keep forming, the watchdog interrupts every thread: {@value}. */
    public static final int MAX_BREAKS = 20;

    /** How long an interrupted thread has to end its wait before the watchdog says the wait ignores interrupts. */
    public static final Duration GRACE = Duration.ofSeconds(1);

    /** The name of the first thread. */
    public static final String THREAD_A = "thread-A";

    /** The name of the second thread. */
    public static final String THREAD_B = "thread-B";

    static final long POLL_MILLIS = 10;
    static final String FINISHED = "finished";

    private final Duration bound;
    private final List<Named> names;

    /** A lock and the name the cycle shows for it. */
    record Named(Object lock, String name) {
    }

    private Deadlock(Duration bound, List<Named> names) {
        this.bound = bound;
        this.names = List.copyOf(names);
    }

    /** A watchdog with the {@link #DEFAULT_BOUND} that knows no lock by name yet. */
    public static Deadlock watchdog() {
        return new Deadlock(DEFAULT_BOUND, List.of());
    }

    /**
     * This watchdog with another time bound for the whole run.
     *
     * @param bound 1 ms to {@link #MAX_BOUND}
     */
    public Deadlock bound(Duration bound) {
        return new Deadlock(Checks.millisDuration(bound, MAX_BOUND, "bound"), names);
    }

    /**
     * This watchdog, showing {@code lock} as {@code name} in a cycle (else it shows its class and identity, e.g.
     * {@code ReentrantLock@1b6d3586}).
     *
     * @param lock a {@link ReentrantLock}, a {@link ReentrantReadWriteLock}, or any object used with {@code synchronized}
     * @param name 1 to 40 printable characters, not given to another lock
     */
    public Deadlock name(Object lock, String name) {
        Checks.notNull(lock, "lock");
        Checks.name(name, "name", 40);
        List<Named> next = new ArrayList<>();
        for (Named n : names) {
            if (n.name.equals(name) && n.lock != lock) {
                throw new IllegalArgumentException("name \"" + name + "\" is already given to another lock; allowed: one name per lock");
            }
            if (n.lock != lock) {
                next.add(n);
            }
        }
        next.add(new Named(lock, name));
        return new Deadlock(bound, next);
    }

    /** The time bound of a run. */
    public Duration bound() {
        return bound;
    }

    /**
     * How one thread ended.
     *
     * @param thread the thread's name, e.g. {@code thread-A}
     * @param how    {@code finished}, {@code gave up (InterruptedException)}, {@code threw ...} or {@code still ...}
     *               with the reason
     */
    public record Ending(String thread, String how) {

        /** Checks the values. */
        public Ending {
            Checks.notNull(thread, "thread");
            Checks.notNull(how, "how");
        }

        /** True when the work ran to its end. */
        public boolean finished() {
            return how.equals(FINISHED);
        }

        @Override
        public String toString() {
            return thread + ": " + how;
        }
    }

    /**
     * What one run did.
     *
     * @param log         what happened, one line per step, with the time since the start and who did it
     * @param cycles      each cycle the detector found, in order (usually none or one)
     * @param interrupted the threads the watchdog interrupted to break a cycle, in order
     * @param endings     how each thread ended, in thread order
     * @param threadsGone true when every thread had ended when the run returned
     * @param elapsed     from the start until the run returned
     * @param detectedAfter how long after the start the detector first found a cycle, or empty
     */
    public record Result(List<String> log, List<Cycle> cycles, List<String> interrupted, List<Ending> endings,
                         boolean threadsGone, Duration elapsed, Optional<Duration> detectedAfter)
            implements Displayable {

        /** Copies the lists. */
        public Result {
            log = List.copyOf(log);
            cycles = List.copyOf(cycles);
            interrupted = List.copyOf(interrupted);
            endings = List.copyOf(endings);
            Checks.notNull(elapsed, "elapsed");
            Checks.notNull(detectedAfter, "detectedAfter");
        }

        /** True when the detector found a deadlock. */
        public boolean deadlocked() {
            return !cycles.isEmpty();
        }

        /** The first cycle found, or empty. */
        public Optional<Cycle> cycle() {
            return cycles.stream().findFirst();
        }

        /** The threads whose work ran to its end, in thread order. */
        public List<String> finished() {
            return endings.stream().filter(Ending::finished).map(Ending::thread).toList();
        }

        /** The summary lines: deadlock or not, the cycle, how it was broken, how each thread ended. */
        public List<String> summary() {
            List<String> s = new ArrayList<>();
            s.add(detectedAfter.map(d -> "deadlock detected after " + millis(d)).orElse("no deadlock"));
            for (Cycle c : cycles) {
                s.add("cycle: " + c.describe());
            }
            if (!interrupted.isEmpty()) {
                s.add("broken by interrupting " + String.join(", then ", interrupted));
            }
            endings.forEach(e -> s.add(e.toString()));
            s.add("all threads gone: " + (threadsGone ? "yes" : "NO") + ", after " + millis(elapsed));
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

    /** A time in milliseconds with one decimal, e.g. {@code 49.1 ms}. */
    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    /**
     * Runs each piece of work on a thread of its own and watches them until all have ended, or the bound has
     * passed: breaks every deadlock among them by interrupting one thread of the cycle.
     *
     * @param works 1 to {@link #MAX_THREADS} lambdas; the first runs on {@code thread-A}, the second on
     *              {@code thread-B}, and so on
     * @throws InterruptedException if the calling thread is interrupted (every thread is interrupted first)
     */
    public Result run(Work... works) throws InterruptedException {
        Checks.noNulls(works, "works");
        Checks.range(works.length, 1, MAX_THREADS, "works", "lambdas, one thread each");
        Log log = new Log();
        int n = works.length;
        AtomicReferenceArray<String> endings = new AtomicReferenceArray<>(n);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            String name = "thread-" + (char) ('A' + i);
            Thread t = new Thread(() -> {
                String how;
                try {
                    works[k].run();
                    how = FINISHED;
                } catch (InterruptedException e) {
                    how = "gave up (InterruptedException)";
                } catch (RuntimeException | Error e) {
                    how = "threw " + e;
                }
                endings.set(k, how);
                log.say(name, how);
            }, name);
            t.setDaemon(true);
            threads.add(Tracker.track(t));
        }
        log.say("watchdog", "starts " + and(threads.stream().map(Thread::getName).toList()));
        threads.forEach(Thread::start);
        Watch w = new Watch(log, threads, bound, names);
        try {
            w.watch();
        } catch (InterruptedException e) {
            String left = stop(threads);
            throw new InterruptedException("the deadlock watchdog was interrupted; it interrupted its threads" + left);
        }
        List<Ending> ends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = threads.get(i);
            String how = endings.get(i);
            ends.add(new Ending(t.getName(), how != null && !t.isAlive() ? how : stillGoing(t)));
        }
        return new Result(log.lines(), w.cycles, w.victims, ends, threads.stream().noneMatch(Thread::isAlive),
                log.elapsed(), w.detectedAfter);
    }

    /** Why a thread is still going when the run returns. */
    private String stillGoing(Thread t) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(t.threadId());
        if (info == null) {
            return "still going";
        }
        String owner = info.getLockOwnerName() == null ? "" : ", held by " + info.getLockOwnerName();
        return switch (info.getThreadState()) {
            case BLOCKED -> "still blocked at a synchronized block" + owner
                    + ": no interrupt can end that wait; it stays until the kernel restarts";
            case WAITING, TIMED_WAITING -> info.getLockInfo() == null ? "still waiting after the interrupt"
                    : "still waiting for a lock" + owner + ": it waits with lock() or another wait that ignores"
                    + " interrupts; it stays until the kernel restarts";
            default -> "still running: it did not stop when interrupted; it runs until the kernel restarts";
        };
    }

    /** Interrupts every thread and waits (not interruptibly, {@link #GRACE} at most); "" or what is left. */
    private static String stop(List<Thread> threads) {
        threads.forEach(Thread::interrupt);
        boolean interrupted = false;
        long end = System.nanoTime() + GRACE.toNanos();
        for (Thread t : threads) {
            while (t.isAlive() && System.nanoTime() < end) {
                try {
                    t.join(50);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.interrupted(); // the caller throws InterruptedException; the status is not kept set
        }
        List<String> alive = threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        return alive.isEmpty() ? "" : " (" + and(alive) + " did not end: they ignore interrupts)";
    }

    /** {@code thread-A}, {@code thread-A and thread-B}, {@code thread-A, thread-B and thread-C}. */
    static String and(List<String> names) {
        if (names.size() < 2) {
            return String.join("", names);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    // ---------------------------------------------------------------- the terminal demo

    /** The demo's hold time: long enough that the other thread surely takes its first lock meanwhile. */
    private static final long HOLD_MILLIS = 100;

    /** Takes {@code first}, holds it a moment, then takes {@code second}; both waits answer an interrupt. */
    static void takeBoth(ReentrantLock first, ReentrantLock second) throws InterruptedException {
        first.lockInterruptibly();
        try {
            Thread.sleep(HOLD_MILLIS);
            second.lockInterruptibly();
            second.unlock();
        } finally {
            first.unlock();
        }
    }

    /** As {@link #takeBoth}, but waits only a little for {@code second}; then lets go of both and tries again. */
    static void backingOff(ReentrantLock first, ReentrantLock second) throws InterruptedException {
        while (true) {
            first.lockInterruptibly();
            try {
                Thread.sleep(HOLD_MILLIS / 2);
                if (second.tryLock(10, TimeUnit.MILLISECONDS)) {
                    second.unlock();
                    return;
                }
            } finally {
                first.unlock();
            }
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 4 * HOLD_MILLIS));
        }
    }

    /**
     * The whole lesson in lines, for a terminal: two threads take {@code lock 1} and {@code lock 2} in opposite
     * orders (the deadlock, detected and broken), then in the same order, then with {@code tryLock} and back-off.
     *
     * @param out where to print
     * @throws InterruptedException if interrupted (the threads are interrupted first)
     */
    public static void demo(PrintStream out) throws InterruptedException {
        Checks.notNull(out, "out");
        ReentrantLock one = new ReentrantLock();
        ReentrantLock two = new ReentrantLock();
        Deadlock watchdog = watchdog().name(one, "lock 1").name(two, "lock 2");
        out.println("1. Opposite orders (A: lock 1 then lock 2; B: lock 2 then lock 1), a deadlock, detected and broken:");
        out.println(watchdog.run(() -> takeBoth(one, two), () -> takeBoth(two, one)));
        out.println();
        out.println("2. Fix: one lock order (both take lock 1 first), which breaks the circular wait:");
        out.println(watchdog.run(() -> takeBoth(one, two), () -> takeBoth(one, two)));
        out.println();
        out.println("3. Fix: tryLock with a timeout, let go and back off, which breaks hold-and-wait:");
        out.println(watchdog.run(() -> backingOff(one, two), () -> backingOff(two, one)));
        out.flush();
    }
}
