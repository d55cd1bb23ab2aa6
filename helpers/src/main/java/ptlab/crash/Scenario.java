package ptlab.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import ptlab.internal.Tracker;

/**
 * The crash program itself, the same in a child JVM and in this JVM: three tickers ({@code ticker-1} ..
 * {@code ticker-3}) print {@code tick n} every {@value #TICK_MILLIS} ms, {@value #TICKS} times; the {@code worker}
 * fails after {@value #FAIL_AT_MILLIS} ms. Every line goes to one sink as
 * {@code "  350 ms  ticker-1  tick 3"}.
 */
final class Scenario {

    static final int TICKERS = 3;
    static final int TICKS = 12;
    static final long TICK_MILLIS = 100;
    static final long FAIL_AT_MILLIS = 350;
    static final String WORKER = "worker";

    private final long start = System.nanoTime();
    private final Failure failure;
    private final Consumer<String> sink;
    private final Thread.UncaughtExceptionHandler onUncaught;
    private final List<Thread> threads = new ArrayList<>();

    /**
     * @param onUncaught what to do with an uncaught exception, or null for the JVM's default (print it on stderr)
     */
    Scenario(Failure failure, Consumer<String> sink, Thread.UncaughtExceptionHandler onUncaught) {
        this.failure = failure;
        this.sink = sink;
        this.onUncaught = onUncaught;
        for (int i = 1; i <= TICKERS; i++) {
            threads.add(thread("ticker-" + i, this::tick));
        }
        threads.add(thread(WORKER, this::work));
    }

    private Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        if (onUncaught != null) {
            t.setUncaughtExceptionHandler(onUncaught);
        }
        return Tracker.track(t);
    }

    /** The names of the program's threads: the tickers, then the worker. */
    List<String> names() {
        return threads.stream().map(Thread::getName).toList();
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Waits until every thread has ended or the deadline ({@link System#nanoTime()}) passes. */
    boolean join(long deadline) throws InterruptedException {
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(java.time.Duration.ofNanos(left));
            }
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Interrupts every thread and waits, not interruptibly, up to 3 s until they are gone. */
    void stop() {
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + 3_000_000_000L;
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive() && System.nanoTime() < deadline) {
                try {
                    t.join(50);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.interrupted();
        }
    }

    /** Sends one line from the calling thread. */
    void say(String text) {
        say(Thread.currentThread().getName(), text);
    }

    /** Sends one line as {@code who}. */
    void say(String who, String text) {
        sink.accept(line(System.nanoTime() - start, who, text));
    }

    /** {@code "  350 ms  ticker-1  tick 3"}; by hand, so that it allocates little and loads no formatter. */
    static String line(long nanos, String who, String text) {
        String ms = Long.toString(nanos / 1_000_000);
        StringBuilder b = new StringBuilder(48 + text.length());
        b.append("     ", 0, Math.max(0, 5 - ms.length())).append(ms).append(" ms  ").append(who);
        for (int i = who.length(); i < 9; i++) {
            b.append(' ');
        }
        return b.append(' ').append(text).toString();
    }

    private void tick() {
        try {
            for (int i = 1; i <= TICKS; i++) {
                long wake = start + i * TICK_MILLIS * 1_000_000L;
                long left = wake - System.nanoTime();
                if (left > 0) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
                say("tick " + i);
            }
        } catch (InterruptedException e) {
            say("interrupted: stops ticking");
        }
    }

    private void work() {
        try {
            Thread.sleep(FAIL_AT_MILLIS);
        } catch (InterruptedException e) {
            say("interrupted before it failed");
            return;
        }
        say(failure.how());
        switch (failure) {
            case EXCEPTION -> throw new IllegalStateException("the worker failed on purpose");
            case HALT -> Runtime.getRuntime().halt(Failure.HALT_STATUS);
            case OUT_OF_MEMORY, OUT_OF_MEMORY_EXIT -> {
                List<long[]> hog = new ArrayList<>();
                while (!Thread.currentThread().isInterrupted()) {
                    hog.add(new long[128 * 1024]); // 1 MB at a time, kept: the heap fills up
                }
                say("interrupted while filling the heap (" + hog.size() + " MB)");
            }
        }
    }
}
