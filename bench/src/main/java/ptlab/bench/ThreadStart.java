package ptlab.bench;

import java.time.Duration;
import java.util.List;

import ptlab.Runner;
import ptlab.task.Report;
import ptlab.task.Task;

/**
 * The start of one thread task, from the caller's {@code run(...)} to the caller seeing its first event, next to
 * the floor: a bare {@code Thread.start()} to the new thread's first statement.
 */
final class ThreadStart {

    private static final Task TASK = Task.io("A", Duration.ofMillis(1));

    List<Row> measure(int n) throws Exception {
        for (int i = 0; i < 20; i++) { // load and warm both paths first
            ours();
            bare();
        }
        double[] ours = new double[n];
        double[] delay = new double[n];
        double[] bare = new double[n];
        for (int i = 0; i < n; i++) {
            ours[i] = ours();
            delay[i] = lastDelayMicros;
            bare[i] = bare();
        }
        Stats o = Stats.of(ours);
        Stats d = Stats.of(delay);
        Stats b = Stats.of(bare);
        return List.of(new Row("helper: thread task start to first event", o.describe("µs"),
                "bare Thread.start() + first statement " + b.describe("µs"), Row.ratio(o.median(), b.median()), "", "",
                "Runner.threads().run(io 1 ms), run() call to the caller's \"Task A starting\" line; the report's own "
                        + "start delay (submitted to task start): " + d.describe("µs")));
    }

    private double lastDelayMicros;

    private double ours() throws Exception {
        FirstLine sink = new FirstLine(" starting ");
        long t0 = System.nanoTime();
        Report r = Runner.threads().output(sink.stream()).run(TASK);
        if (!r.ok() || sink.atNanos() < 0) {
            throw new IllegalStateException("the thread task did not run well:\n" + sink.text());
        }
        lastDelayMicros = r.event("A").startDelay().toNanos() / 1e3;
        return (sink.atNanos() - t0) / 1e3;
    }

    private static double bare() throws InterruptedException {
        long[] first = new long[1];
        long t0 = System.nanoTime();
        Thread t = new Thread(() -> first[0] = System.nanoTime(), "bench-bare");
        t.start();
        t.join();
        return (first[0] - t0) / 1e3;
    }
}
