package ptlab.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import ptlab.internal.Clock;
import ptlab.run.Work;
import ptlab.task.Event;
import ptlab.task.Task;

/**
 * What noting a task's time slices costs it: the calibrated CPU task run in this thread with the slice probe and
 * without, alternating, compared by the task thread's own CPU time (which other programs on the machine do not
 * inflate, as they do wall time).
 */
final class SliceCost {

    List<Row> measure(int rounds, Duration each) {
        Task task = Task.cpuCalibrated("A", each);
        Clock clock = Clock.anchorNow();
        run(task, clock, false); // warm up both paths
        run(task, clock, true);
        double[] plain = new double[rounds];
        double[] probed = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            plain[i] = run(task, clock, false);
            probed[i] = run(task, clock, true);
        }
        Stats p = Stats.of(plain);
        Stats q = Stats.of(probed);
        double overhead = (q.median() / p.median() - 1) * 100;
        return List.of(new Row("helper: slice probe on the calibrated CPU task", q.describe("ms"), "without " + p.describe("ms"),
                Row.ratio(q.median(), p.median()), "< 2 % (< 1.02x)", Row.met(overhead < 2),
                String.format(Locale.ROOT, "%d rounds of a %d ms task, alternating; task thread CPU time, median; overhead %.2f %%",
                        rounds, each.toMillis(), overhead)));
    }

    /** The task's thread CPU time in ms, with or without the probe. */
    private static double run(Task task, Clock clock, boolean probe) {
        Event e = Work.run(task, clock, clock.nowMicros(), Work.NO_DEADLINE, null, probe ? s -> { } : null);
        return e.cpuMicros() / 1e3;
    }
}
