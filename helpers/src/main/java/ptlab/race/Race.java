package ptlab.race;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import ptlab.Limits;
import ptlab.Machine;
import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.internal.Checks;
import ptlab.internal.Text;
import ptlab.internal.Tracker;

/**
 * N threads add 1 to one shared counter, M times each, all at once: the expected count is N × M, and the
 * measured count says whether updates were lost. The threads wait at a start gate and are let go together, so
 * that they really overlap.
 *
 * <pre>{@code
 * Race.Result r = Race.run(Counter.PLAIN, 4, 1_000_000);
 * r.lost();      // e.g. 1843210 (it varies from run to run; on one CPU it can be 0)
 * Race.table(Race.run(Counter.PLAIN, 4, 1_000_000), Race.run(Counter.LONG_ADDER, 4, 1_000_000));
 * }</pre>
 *
 * <p>Bounds: 1 to {@link #MAX_THREADS} threads, 1 to {@link #MAX_INCREMENTS} increments per thread and at most
 * {@link #MAX_TOTAL_INCREMENTS} in all. A race stops at {@link #TIME_BOUND} (then it throws
 * {@link IllegalStateException}) and when the calling thread is interrupted (then it throws
 * {@link InterruptedException}); either way its threads are gone before it returns or throws.
 */
public final class Race {

    /** The most threads one race may start: {@value}, as {@link Limits#MAX_PLATFORM_THREADS}. */
    public static final int MAX_THREADS = Limits.MAX_PLATFORM_THREADS;

    /** The most increments one thread may do: {@value}. */
    public static final long MAX_INCREMENTS = 10_000_000L;

    /** The most increments of all threads of one race together: {@value} (a few seconds with a lock). */
    public static final long MAX_TOTAL_INCREMENTS = 40_000_000L;

    /** How long one race may run before its threads are stopped: 20 s. */
    public static final Duration TIME_BOUND = Duration.ofSeconds(20);

    /** Threads look at their stop flag and interrupt status every this many increments. */
    private static final int CHUNK = 10_000;

    private Race() {
    }

    /**
     * What one race measured.
     *
     * @param counter    the strategy the threads used
     * @param threads    how many threads raced
     * @param increments how many times each thread added 1
     * @param actual     the counter's value after all threads had finished
     * @param elapsed    from the start gate opening until the last thread had finished
     */
    public record Result(Counter counter, int threads, long increments, long actual, Duration elapsed)
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

        /** Updates lost: expected − actual (0 for every safe strategy). */
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

        /** One line, e.g. {@code PLAIN: 4 threads x 1000000, expected 4000000, actual 2150331, lost 1849669 (46.2 %), 12 ms}. */
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
     * Runs one race: {@code threads} threads (named {@code racer-1}, {@code racer-2}, ...) each add 1 to one
     * shared counter {@code increments} times.
     *
     * @param counter    how they add 1
     * @param threads    1 to {@link #MAX_THREADS}
     * @param increments per thread, 1 to {@link #MAX_INCREMENTS}; threads × increments at most {@link #MAX_TOTAL_INCREMENTS}
     * @throws InterruptedException  if the calling thread is interrupted (the threads are stopped and gone first)
     * @throws IllegalStateException if the race runs past {@link #TIME_BOUND} (the threads are stopped and gone first)
     */
    public static Result run(Counter counter, int threads, long increments) throws InterruptedException {
        Checks.notNull(counter, "counter");
        Checks.range(threads, 1, MAX_THREADS, "threads", "threads");
        Checks.range(increments, 1, MAX_INCREMENTS, "increments", "per thread");
        Checks.cap(threads * increments, MAX_TOTAL_INCREMENTS, "threads x increments", "increments per race",
                "Race.MAX_TOTAL_INCREMENTS");
        Counter.Shared shared = counter.create();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> racers = new ArrayList<>();
        for (int i = 1; i <= threads; i++) {
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                add(shared, increments, stop);
            }, "racer-" + i);
            t.setDaemon(true);
            racers.add(Tracker.track(t));
        }
        long deadline = System.nanoTime() + TIME_BOUND.toNanos();
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
            stopAll(racers, stop);
            throw new InterruptedException("the race was interrupted; its " + threads + " threads are stopped");
        }
        long end = System.nanoTime();
        if (racers.stream().anyMatch(Thread::isAlive)) {
            stopAll(racers, stop);
            throw new IllegalStateException("the race ran past its time bound of " + Text.duration(TIME_BOUND)
                    + " and was stopped; ask for fewer threads or increments");
        }
        return new Result(counter, threads, increments, shared.value(), Duration.ofNanos(end - start));
    }

    /** A time in milliseconds with two decimals, e.g. {@code 25.76 ms}. */
    static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }

    private static void add(Counter.Shared shared, long increments, AtomicBoolean stop) {
        long done = 0;
        while (done < increments) {
            int chunk = (int) Math.min(CHUNK, increments - done);
            for (int i = 0; i < chunk; i++) {
                shared.increment();
            }
            done += chunk;
            if (stop.get() || Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** Stops the racers and waits (uninterruptibly, a few seconds at most) until they are gone. */
    private static void stopAll(List<Thread> racers, AtomicBoolean stop) {
        stop.set(true);
        racers.forEach(Thread::interrupt);
        boolean interrupted = false;
        long deadline = System.nanoTime() + 5_000_000_000L;
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
    }

    /**
     * Runs the same race {@code tries} times and returns every result, for a racy counter whose losses vary.
     *
     * @param tries 1 to 20
     */
    public static List<Result> repeat(Counter counter, int threads, long increments, int tries) throws InterruptedException {
        Checks.range(tries, 1, 20, "tries", "races");
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            results.add(run(counter, threads, increments));
        }
        return List.copyOf(results);
    }

    /** The results as one table: counter, how, threads, expected, actual, lost, time, ns per increment. */
    public static Table table(Result... results) {
        Checks.noNulls(results, "results");
        return table(List.of(results));
    }

    /** The results as one table, in the order given. */
    public static Table table(List<Result> results) {
        Checks.notNull(results, "results");
        Table.Builder b = Table.builder("counter", "how", "threads", "expected", "actual", "lost", "time", "ns per increment")
                .alignRight(2, 3, 4, 5, 6, 7);
        for (Result r : results) {
            Checks.notNull(r, "result");
            b.row(r.counter(), r.counter().how(), r.threads(), r.expected(), r.actual(), r.lost(), millis(r.elapsed()),
                    String.format(Locale.ROOT, "%.1f", r.nanosPerIncrement()));
        }
        return b.build();
    }

    /** The most threads {@link #demo(PrintStream, int)} races: {@value} (each adds 1 a million times). */
    public static final int MAX_DEMO_THREADS = 8;

    /** The threads {@link #demo(PrintStream)} races: {@value}. */
    public static final int DEMO_THREADS = 4;

    private static final long DEMO_INCREMENTS = 1_000_000L;

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
        Machine m = Machine.current();
        out.println(m.describe());
        out.println(m.cpuNote());
        out.println((threads == 1 ? "1 thread adds" : threads + " threads each add")
                + " 1 to one shared counter 1,000,000 times: expected " + threads * DEMO_INCREMENTS);
        List<Result> results = new ArrayList<>(repeat(Counter.PLAIN, threads, DEMO_INCREMENTS, 2));
        results.addAll(repeat(Counter.VOLATILE, threads, DEMO_INCREMENTS, 2));
        for (Counter c : Counter.values()) {
            if (c.safe()) {
                results.add(run(c, threads, DEMO_INCREMENTS));
            }
        }
        out.println(table(results));
        long racyLost = results.stream().filter(r -> !r.counter().safe()).mapToLong(Result::lost).max().orElse(0);
        out.println(racyLost > 0 ? "The racy counters lost updates; every fix lost none."
                : threads == 1 ? "One thread alone cannot race: no counter lost an update."
                : "The racy counters lost no update this time (one CPU, or the threads did not overlap); every fix lost none.");
        out.flush();
    }
}
