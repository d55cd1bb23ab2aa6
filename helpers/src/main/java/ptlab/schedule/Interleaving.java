package ptlab.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import ptlab.deadlock.Deadlock;
import ptlab.internal.Checks;
import ptlab.race.Counter;

/**
 * Replays an interleaving you write: two or three real threads, one step at a time, in the order of a
 * {@link Schedule} such as {@code "A1 B1 A2 B2"}. A step is a labelled statement in your code:
 * {@link #step(String, Supplier)} (or {@link #step(String)}) marks where it starts, and {@link StepLock#lock()} is
 * one too. Each thread stops before each of its steps until the schedule lets it go; it then runs to its next step
 * (or its end) while every other thread stays stopped. So the same schedule always gives the same {@link Replay}.
 *
 * <p>Outside a replay the steps do nothing but run their statement, so the same class also runs free, as in
 * {@link ptlab.race.Race}.
 *
 * <p>A thread whose {@code lock} step finds the lock held waits, and gets it right after the step that lets go of it.
 * When threads wait for each other in a cycle the replay ends with a deadlock and its {@link ptlab.deadlock.Cycle};
 * a schedule that names a waiting thread ends there too. Nothing hangs: every replay has a time bound
 * ({@link #BOUND}), answers an interrupt, and ends every thread it started before it returns. A step that is not
 * the thread's next one, or names a thread that has finished or does not exist, is an
 * {@link IllegalArgumentException} naming the step.
 */
public final class Interleaving {

    /** How long one replay may take: 5 s. */
    public static final Duration BOUND = Duration.ofSeconds(5);

    private Interleaving() {
    }

    /**
     * A step labelled {@code label} whose statement gives a value: in a replay, waits here until the schedule runs
     * this step, then runs {@code statement} and shows its value in the step's row. Outside a replay it only runs it.
     *
     * @param label     the step's name in the table, e.g. {@code read}; 1 to 40 printable characters
     * @param statement what the step does, e.g. {@code () -> count} or {@code () -> count = next}
     * @return the statement's value
     */
    public static <T> T step(String label, Supplier<T> statement) {
        Checks.notNull(statement, "statement");
        Replayer.Worker w = Replayer.current();
        if (w == null) {
            return statement.get();
        }
        w.gate(Checks.name(label, "label", 40));
        T value = statement.get();
        w.saw(String.valueOf(value));
        return value;
    }

    /**
     * A step labelled {@code label}: in a replay, waits here until the schedule runs this step; the code after it,
     * up to the next step, is the step. Outside a replay it does nothing.
     *
     * @param label the step's name in the table; 1 to 40 printable characters
     */
    public static void step(String label) {
        Replayer.Worker w = Replayer.current();
        if (w != null) {
            w.gate(Checks.name(label, "label", 40));
        }
    }

    /**
     * A new lock whose {@code lock()} is a step labelled {@code lock(name)}.
     *
     * @param name the name the table and a cycle show, e.g. {@code a}; 1 to 40 printable characters
     */
    public static StepLock lock(String name) {
        return new StepLock(name);
    }

    /**
     * Replays {@code schedule} on one thread per piece of work.
     *
     * @param schedule such as {@code "A1 B1 A2 B2"}; see {@link Schedule#parse(String)}
     * @param works    1 to {@link Schedule#MAX_THREADS} lambdas: the first runs on {@code thread-A}, and so on
     * @throws IllegalArgumentException naming the step, for a schedule that is malformed, names a thread that does
     *                                  not exist or has finished, or skips a step
     * @throws InterruptedException     if the calling thread is interrupted (the threads are ended first)
     */
    public static Replay replay(String schedule, Deadlock.Work... works) throws InterruptedException {
        Schedule s = Schedule.parse(schedule);
        Checks.noNulls(works, "works");
        Checks.range(works.length, 1, Schedule.MAX_THREADS, "works", "lambdas, one thread each");
        return new Replayer(s, List.of(works), BOUND).run();
    }

    /**
     * Replays {@code schedule} on a fresh counter that {@code threads} threads increment once each, and says how
     * many of the increments the count lost.
     *
     * @param schedule such as {@code "A1 B1 A2 B2 A3 B3"}
     * @param fresh    makes the counter, e.g. {@code SteppedTally::new}; its {@code increment()} has the steps
     * @param threads  1 to {@link Schedule#MAX_THREADS}
     */
    public static Replay increments(String schedule, Supplier<? extends Counter> fresh, int threads) throws InterruptedException {
        Schedule s = Schedule.parse(schedule);
        Checks.notNull(fresh, "fresh");
        Checks.range(threads, 1, Schedule.MAX_THREADS, "threads", "");
        Counter counter = Checks.notNull(fresh.get(), "the counter fresh made");
        List<Deadlock.Work> works = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            works.add(counter::increment);
        }
        Replay r = new Replayer(s, works, BOUND).run();
        return r.counted(threads, counter.get());
    }
}
