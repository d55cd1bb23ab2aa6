package ptlab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ptlab.Runner;
import ptlab.task.Event;
import ptlab.task.Report;
import ptlab.task.Task;

/** How much longer an I/O (sleep) task takes than it asked for: its measured duration minus the requested one. */
final class SleepError {

    List<Row> measure(int n, Duration each) throws Exception {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tasks.add(Task.io("s" + i, each));
        }
        double[] seq = errors(Runner.sequential().quiet().run(tasks), each);
        double[] thr = errors(Runner.threads().quiet().run(tasks), each);
        double[] all = new double[seq.length + thr.length];
        System.arraycopy(seq, 0, all, 0, seq.length);
        System.arraycopy(thr, 0, all, seq.length, thr.length);
        Stats s = Stats.of(all);
        return List.of(new Row("sleep-task timing error (measured minus requested)",
                String.format(Locale.ROOT, "p50 %s ms, p95 %s ms (max %s, n=%d)", Stats.num(s.median()), Stats.num(s.p95()),
                        Stats.num(s.max()), s.count()), "", "", "p95 < 5 ms", Row.met(s.p95() < 5),
                n + " io tasks of " + each.toMillis() + " ms one after another, and " + n
                        + " at once on threads; the events' durations"));
    }

    private static double[] errors(Report r, Duration each) {
        if (!r.ok()) {
            throw new IllegalStateException("the sleep tasks did not run well: " + r);
        }
        List<Event> events = r.events();
        double[] e = new double[events.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = (events.get(i).duration().toNanos() - each.toNanos()) / 1e6;
        }
        return e;
    }
}
