package ptlab.task;

import java.util.ArrayList;
import java.util.List;

import ptlab.internal.Checks;

/**
 * How the operating system scheduled one task's thread during a run: the stretches when the thread was off its CPU
 * (waiting for a CPU, or sleeping), and how often it was switched out, voluntarily (it slept, blocked or waited) and
 * involuntarily (the scheduler took the CPU away to run something else). Immutable.
 *
 * <p>The task's thread notes these itself while it works: a CPU task reads the clock every few tens of microseconds, and
 * when more time passed than the work could take, its thread CPU clock says how much of it the thread was off the
 * CPU. The counts are read from {@code /proc/thread-self/status} at the task's start and end ({@code -1} where
 * there is no {@code /proc}, that is, not on Linux). Known for tasks on platform threads of this JVM; tasks in
 * child processes and on virtual threads have none.
 *
 * @param task        the task's name
 * @param startMicros the task's start (epoch µs)
 * @param endMicros   the task's end (epoch µs)
 * @param waiting     the stretches off the CPU, ordered, inside start to end
 * @param voluntary   voluntary context switches during the task, or -1 when unknown
 * @param involuntary involuntary context switches during the task, or -1 when unknown
 */
public record Schedule(String task, long startMicros, long endMicros, List<Span> waiting, long voluntary, long involuntary) {

    /** Shortest stretch off the CPU that is recorded: shorter ones are lost in the work's own timing noise. */
    public static final long MIN_WAIT_MICROS = 100;

    /** A stretch of time, in epoch µs. */
    public record Span(long startMicros, long endMicros) {

        /** Checks the order. */
        public Span {
            if (endMicros < startMicros) {
                throw new IllegalArgumentException("endMicros = " + endMicros + " is out of range; allowed: startMicros ("
                        + startMicros + ") or later");
            }
        }

        /** Its length in µs. */
        public long micros() {
            return endMicros - startMicros;
        }
    }

    /** Checks the values and copies the list. */
    public Schedule {
        Checks.notNull(task, "task");
        Checks.notNull(waiting, "waiting");
        if (endMicros < startMicros) {
            throw new IllegalArgumentException("endMicros = " + endMicros + " is out of range; allowed: startMicros ("
                    + startMicros + ") or later");
        }
        if (voluntary < -1 || involuntary < -1) {
            throw new IllegalArgumentException("voluntary = " + voluntary + ", involuntary = " + involuntary
                    + " are out of range; allowed: 0 or more, or -1 when unknown");
        }
        long at = startMicros;
        for (int i = 0; i < waiting.size(); i++) {
            Span s = Checks.notNull(waiting.get(i), "waiting[" + i + "]");
            if (s.startMicros() < at || s.endMicros() > endMicros) {
                throw new IllegalArgumentException("waiting: " + s + " is out of order or outside the task (" + startMicros
                        + " to " + endMicros + "); allowed: ordered stretches inside the task");
            }
            at = s.endMicros();
        }
        waiting = List.copyOf(waiting);
    }

    /** The stretches on the CPU: the task's time minus the waiting, in order. */
    public List<Span> running() {
        List<Span> run = new ArrayList<>();
        long at = startMicros;
        for (Span w : waiting) {
            if (w.startMicros() > at) {
                run.add(new Span(at, w.startMicros()));
            }
            at = w.endMicros();
        }
        if (endMicros > at) {
            run.add(new Span(at, endMicros));
        }
        return List.copyOf(run);
    }

    /**
     * The time slices: the stretches on the CPU with waiting on both sides (the first and the last stretch are cut
     * by the task's start and end, so they are not whole slices).
     */
    public List<Span> slices() {
        List<Span> run = new ArrayList<>();
        for (int i = 1; i < waiting.size(); i++) {
            long from = waiting.get(i - 1).endMicros();
            long to = waiting.get(i).startMicros();
            if (to > from) {
                run.add(new Span(from, to));
            }
        }
        return List.copyOf(run);
    }

    /** The time off the CPU, in µs. */
    public long waitingMicros() {
        long sum = 0;
        for (Span s : waiting) {
            sum += s.micros();
        }
        return sum;
    }
}
