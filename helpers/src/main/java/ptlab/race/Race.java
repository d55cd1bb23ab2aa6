package ptlab.race;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.internal.Checks;
import ptlab.internal.Text;
import ptlab.internal.Tracker;
import ptlab.task.Limits;

/**
 * Races a {@link Counter}: N threads each call {@code increment()} M times on one shared counter, all at once,
 * and the count should then be N × M; what is missing was lost. This is what a cell does with
 * {@code new Thread(...).start()} and {@code join()}, plus what a lecture needs: the threads wait at a start gate
 * and are let go together (so that they really overlap), the race is repeated, every try is bounded in time and
 * answers an interrupt, and the results are counted and drawn. Immutable: the option methods return a new race.
 *
 * <pre>{@code
 * List<Race.Result> tries = Race.threads(4).increments(1_000_000).tries(3).run(Tally::new);
 * display(Race.table(tries));   // one row per try: expected, actual, lost, and a bar of what was lost
 * }</pre>
 *
 * <p>Bounds: 1 to {@link #MAX_THREADS} threads, 1 to {@link #MAX_INCREMENTS} increments per thread and at most
 * {@link #MAX_TOTAL_INCREMENTS} in all, 1 to {@link #MAX_TRIES} tries. A try stops at its {@link #timeout(Duration)}
 * (at most and by default {@link #TIME_BOUND}; then {@code run} throws {@link IllegalStateException}) and when the
 * calling thread is interrupted (then it throws {@link InterruptedException}); either way the threads are stopped
 * before it throws, unless the counter's {@code increment()} never returns (then the message says so). A counter
 * whose {@code increment()} throws ends the run with an {@link IllegalStateException} naming the thread.
 */
public final class Race {

    /** The most threads one race may start: {@value}, as {@link Limits#MAX_PLATFORM_THREADS}. */
    public static final int MAX_THREADS = Limits.MAX_PLATFORM_THREADS;

    /** The most increments one thread may do: {@value}. */
    public static final long MAX_INCREMENTS = 10_000_000L;

    /** The most increments of all threads of one race together: {@value} (a few seconds with a lock). */
    public static final long MAX_TOTAL_INCREMENTS = 40_000_000L;

    /** The most tries of one {@link #run}: {@value}. */
    public static final int MAX_TRIES = 20;

    /** How long one try may run before its threads are stopped, at most and by default: 20 s. */
    public static final Duration TIME_BOUND = Duration.ofSeconds(20);

    /** Increments per thread unless {@link #increments(long)} says otherwise: {@value}. */
    public static final long DEFAULT_INCREMENTS = 1_000_000L;

    /** Each full block of the lost bar stands for this many percent. */
    private static final double PERCENT_PER_BLOCK = 5;

    private final int threads;
    private final long increments;
    private final int tries;
    private final Duration timeout;

    private Race(int threads, long increments, int tries, Duration timeout) {
        Checks.range(threads, 1, MAX_THREADS, "threads", "threads");
        Checks.range(increments, 1, MAX_INCREMENTS, "increments", "per thread");
        Checks.cap(threads * increments, MAX_TOTAL_INCREMENTS, "threads x increments", "increments per race",
                "Race.MAX_TOTAL_INCREMENTS");
        Checks.range(tries, 1, MAX_TRIES, "tries", "races");
        Checks.millisDuration(timeout, TIME_BOUND, "timeout");
        this.threads = threads;
        this.increments = increments;
        this.tries = tries;
        this.timeout = timeout;
    }

    /**
     * A race of {@code n} threads (named {@code racer-1}, {@code racer-2}, ...), each adding
     * {@value #DEFAULT_INCREMENTS} times, once.
     *
     * @param n 1 to {@link #MAX_THREADS}
     */
    public static Race threads(int n) {
        return new Race(n, Math.min(DEFAULT_INCREMENTS, MAX_TOTAL_INCREMENTS / Math.max(1, n)), 1, TIME_BOUND);
    }

    /**
     * This race with each thread calling {@code increment()} {@code perThread} times.
     *
     * @param perThread 1 to {@link #MAX_INCREMENTS}; threads × perThread at most {@link #MAX_TOTAL_INCREMENTS}
     */
    public Race increments(long perThread) {
        return new Race(threads, perThread, tries, timeout);
    }

    /**
     * This race run {@code n} times over, each time on a fresh counter (a racy counter loses a different number
     * every time).
     *
     * @param n 1 to {@link #MAX_TRIES}
     */
    public Race tries(int n) {
        return new Race(threads, increments, n, timeout);
    }

    /**
     * This race with another time bound for each try.
     *
     * @param bound 1 ms to {@link #TIME_BOUND}
     */
    public Race timeout(Duration bound) {
        return new Race(threads, increments, tries, bound);
    }

    /** The number of threads. */
    public int threads() {
        return threads;
    }

    /** Increments per thread. */
    public long increments() {
        return increments;
    }

    /** Tries per counter. */
    public int tries() {
        return tries;
    }

    /** The time bound of one try. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * What one try measured.
     *
     * @param counter    the counter's name: its class's simple name, e.g. {@code Tally}
     * @param threads    how many threads raced
     * @param increments how many times each thread called {@code increment()}
     * @param actual     what {@code get()} said after all threads had finished
     * @param elapsed    from the start gate opening until the last thread had finished
     */
    public record Result(String counter, int threads, long increments, long actual, Duration elapsed)
            implements Displayable {

        /** Checks the values. */
        public Result {
            Checks.notNull(counter, "counter");
            Checks.notNull(elapsed, "elapsed");
        }

        /** The count no update was lost from: threads × increments. */
        public long expected() {
            return threads * increments;
        }

        /** Updates lost: expected − actual (0 for a safe counter; negative if a counter counts too much). */
        public long lost() {
            return expected() - actual;
        }

        /** Lost updates as a percentage of expected. */
        public double lostPercent() {
            return 100.0 * lost() / expected();
        }

        /** Average time per increment, over all threads: elapsed / expected, in nanoseconds. */
        public double nanosPerIncrement() {
            return (double) elapsed.toNanos() / expected();
        }

        /** How many times as long as {@code other} this try took, e.g. 12.5 (both elapsed times measured). */
        public double timesAsLongAs(Result other) {
            Checks.notNull(other, "other");
            return (double) elapsed.toNanos() / Math.max(1, other.elapsed.toNanos());
        }

        /** One line, e.g. {@code Tally: 4 threads x 1000000, expected 4000000, actual 2150331, lost 1849669 (46.2 %), 12.00 ms (3.0 ns per increment)}. */
        public String describe() {
            return counter + ": " + threads + " threads x " + increments + ", expected " + expected() + ", actual " + actual
                    + ", lost " + lost() + " (" + String.format(Locale.ROOT, "%.1f", lostPercent()) + " %), "
                    + millis(elapsed) + " (" + String.format(Locale.ROOT, "%.1f", nanosPerIncrement()) + " ns per increment)";
        }

        @Override
        public String toString() {
            return describe();
        }

        /** A one-row table. */
        @Override
        public MimeBundle toMimeBundle() {
            return table(this).toMimeBundle();
        }
    }

    /**
     * Races each counter {@link #tries()} times, each try on a fresh one from its factory, and returns every
     * try's result in order (counter by counter).
     *
     * @param counters one or more factories, e.g. {@code Tally::new}
     * @throws InterruptedException  if the calling thread is interrupted (the threads are stopped first)
     * @throws IllegalStateException if a try runs past its time bound, or {@code increment()} throws
     */
    @SafeVarargs
    public final List<Result> run(Supplier<? extends Counter>... counters) throws InterruptedException {
        Checks.noNulls(counters, "counters");
        if (counters.length == 0) {
            throw new IllegalArgumentException("counters must not be empty; allowed: one or more factories, e.g. Tally::new");
        }
        List<Result> results = new ArrayList<>();
        for (Supplier<? extends Counter> factory : counters) {
            for (int i = 0; i < tries; i++) {
                Counter c = factory.get();
                if (c == null) {
                    throw new IllegalArgumentException("counters: the factory returned null; allowed: a factory that returns a new Counter, e.g. Tally::new");
                }
                results.add(once(nameOf(c), c));
            }
        }
        return List.copyOf(results);
    }

    /** Like {@link #run} for one of the demo's counters, named after it. */
    List<Result> run(Examples example) throws InterruptedException {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            results.add(once(example.name(), example.factory.get()));
        }
        return results;
    }

    /** The class's simple name; for a lambda or an anonymous class, its full class name. */
    private static String nameOf(Counter c) {
        String simple = c.getClass().getSimpleName();
        return simple.isEmpty() || simple.contains("$$") ? c.getClass().getName() : simple;
    }

    private Result once(String name, Counter shared) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> racers = new ArrayList<>();
        for (int i = 1; i <= threads; i++) {
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    add(shared, increments, stop);
                } catch (InterruptedException e) {
                    // stopped before the gate opened
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, name + ".increment() threw " + e + " in " + Thread.currentThread().getName());
                    stop.set(true);
                }
            }, "racer-" + i);
            t.setDaemon(true);
            racers.add(Tracker.track(t));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = 0;
        try {
            racers.forEach(Thread::start);
            ready.await();
            start = System.nanoTime();
            go.countDown();
            for (Thread t : racers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            String left = stopAll(racers, stop);
            throw new InterruptedException("the race was interrupted; its " + threads + " threads are stopped" + left);
        }
        long end = System.nanoTime();
        if (racers.stream().anyMatch(Thread::isAlive)) {
            String left = stopAll(racers, stop);
            throw new IllegalStateException("the race of " + name + " ran past its time bound of " + Text.duration(timeout)
                    + " and was stopped" + left + "; ask for fewer threads or increments, or a longer timeout");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return new Result(name, threads, increments, shared.get(), Duration.ofNanos(end - start));
    }

    /** A time in milliseconds with two decimals, e.g. {@code 25.76 ms}. */
    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }

    /** Calls {@code increment()} {@code increments} times, or until the stop flag is set. */
    private static void add(Counter shared, long increments, AtomicBoolean stop) {
        for (long i = 0; i < increments; i++) {
            shared.increment();
            if (stop.get()) {
                return;
            }
        }
    }

    /**
     * Stops the racers and waits (uninterruptibly, a few seconds at most) until they are gone; returns "" or a
     * note naming the threads that are still inside {@code increment()}.
     */
    private static String stopAll(List<Thread> racers, AtomicBoolean stop) {
        stop.set(true);
        racers.forEach(Thread::interrupt);
        boolean interrupted = false;
        long deadline = System.nanoTime() + 3_000_000_000L;
        for (Thread t : racers) {
            while (t.isAlive() && System.nanoTime() < deadline) {
                try {
                    t.join(100);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            // the caller throws InterruptedException or IllegalStateException; the status is not kept set
            Thread.interrupted();
        }
        List<String> alive = racers.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        return alive.isEmpty() ? "" : " (but " + String.join(", ", alive) + " never returned from increment(),"
                + " which no interrupt can end; they stay until the kernel restarts)";
    }

    /** The results as one table: counter, threads, expected, actual, lost, lost %, time, ns per increment, a bar of what was lost. */
    public static Table table(Result... results) {
        Checks.noNulls(results, "results");
        return table(List.of(results));
    }

    /** Like {@link #table(Result...)} for a list. */
    public static Table table(List<Result> results) {
        Checks.notNull(results, "results");
        Table.Builder b = Table.builder("counter", "threads", "expected", "actual", "lost", "lost %", "time",
                        "ns per increment", "lost (█ = " + Text.number(PERCENT_PER_BLOCK) + " %)")
                .alignRight(1, 2, 3, 4, 5, 6, 7);
        for (Result r : results) {
            Checks.notNull(r, "result");
            b.row(r.counter(), r.threads(), r.expected(), r.actual(), r.lost(),
                    String.format(Locale.ROOT, "%.1f", r.lostPercent()), millis(r.elapsed()),
                    String.format(Locale.ROOT, "%.1f", r.nanosPerIncrement()), bar(r.lostPercent()));
        }
        return b.build();
    }

    /** A bar of full blocks, one per {@link #PERCENT_PER_BLOCK} % lost (a half block for a remainder), "·" for none. */
    static String bar(double percent) {
        if (!(percent > 0)) {
            return "·";
        }
        double blocks = Math.min(100, percent) / PERCENT_PER_BLOCK;
        int full = (int) blocks;
        return "█".repeat(full) + (blocks - full >= 0.5 || full == 0 ? "▌" : "");
    }

    /** The most threads {@link #demo(PrintStream, int)} races: {@value} (each adds 1 a million times). */
    public static final int MAX_DEMO_THREADS = 8;

    /** The threads {@link #demo(PrintStream)} races: {@value}. */
    public static final int DEMO_THREADS = 4;

    /**
     * The whole lesson in lines, for a terminal: the machine, each racy counter twice, then each fix once,
     * with {@value #DEMO_THREADS} threads × 1,000,000 increments.
     *
     * @param out where to print
     * @throws InterruptedException if interrupted (what was started is stopped first)
     */
    public static void demo(PrintStream out) throws InterruptedException {
        demo(out, DEMO_THREADS);
    }

    /**
     * The whole lesson in lines, as {@link #demo(PrintStream)}, with another number of threads.
     *
     * @param out     where to print
     * @param threads 1 to {@link #MAX_DEMO_THREADS}, each adding 1 to the shared counter 1,000,000 times
     * @throws InterruptedException if interrupted (what was started is stopped first)
     */
    public static void demo(PrintStream out, int threads) throws InterruptedException {
        Checks.notNull(out, "out");
        Checks.range(threads, 1, MAX_DEMO_THREADS, "threads", "threads");
        Examples.demo(out, threads);
    }
}
