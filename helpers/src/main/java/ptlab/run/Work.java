package ptlab.run;

import java.time.Duration;
import java.util.function.Consumer;

import ptlab.internal.Checks;
import ptlab.internal.Clock;
import ptlab.internal.Primes;
import ptlab.internal.Text;
import ptlab.process.ProcStat;
import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Schedule;
import ptlab.task.Task;

/**
 * Does one task in the current thread and records its {@link Event}: the one place where tasks are performed,
 * used by every runner in the cell JVM and by the child JVM, so that all of them measure the same way.
 *
 * <p>A task stops early, and says so in its event, when its thread is interrupted ({@link Event.Status#INTERRUPTED};
 * the interrupt status is then clear, as after an {@link InterruptedException}) or when the run's deadline passes
 * ({@link Event.Status#TIMED_OUT}). A CPU task checks both every few thousand numbers, so it stops within a
 * millisecond or so; an I/O task wakes at its deadline.
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Work {

    /** Called in the task's thread just after the task started. */
    @FunctionalInterface
    public interface StartListener {
        /** The task started at {@code startMicros} in process {@code pid} on thread {@code thread}. */
        void started(Task task, long pid, String thread, long startMicros);
    }

    /** No deadline. */
    public static final long NO_DEADLINE = Primes.NO_DEADLINE;

    private static final long PID = ProcStat.pid();
    private static volatile long parentPid = Long.MIN_VALUE;

    private Work() {
    }

    /** This process's ID. */
    public static long pid() {
        return PID;
    }

    /** This process's parent's ID (looked up once), or -1 when there is none or it cannot be seen. */
    public static long parentPid() {
        long p = parentPid;
        if (p == Long.MIN_VALUE) {
            p = ProcStat.parentPid();
            parentPid = p;
        }
        return p;
    }

    /**
     * Does the one-time look-ups a task needs (the parent's PID, the first reads of {@code /proc}), so that a task
     * started later does not pay for them. The thread runners and the child on threads call it before they start
     * their tasks.
     */
    public static void warmUp() {
        parentPid();
        ThreadCpu cpu = ThreadCpu.forCurrentThread(); // the first reads of /proc load the classes they need
        if (cpu != null) {
            cpu.close();
        }
        ThreadProbe.switches();
    }

    /**
     * Does {@code task} now, in this thread.
     *
     * @param task            the task
     * @param clock           the clock of the run
     * @param submittedMicros when the runner asked for the task (epoch µs of {@code clock})
     * @param deadlineNanos   a {@link System#nanoTime()} value at which to stop, or {@link #NO_DEADLINE}
     * @param onStart         told when the task has started (may be null)
     * @return the task's event; never null. Nothing else is caught: an unexpected exception or error (including
     *         the one a debugger throws into a thread it stops) goes to the caller, so that a hard stop stays a stop;
     *         the thread runners report such a task as failed.
     */
    public static Event run(Task task, Clock clock, long submittedMicros, long deadlineNanos, StartListener onStart) {
        return run(task, clock, submittedMicros, deadlineNanos, onStart, null);
    }

    /**
     * Does {@code task} now, in this thread, as {@link #run(Task, Clock, long, long, StartListener)} does, and also
     * notes how the scheduler treated the thread meanwhile (see {@link ThreadProbe}).
     *
     * @param onSchedule given the task's {@link Schedule} just before this returns, when this thread's CPU time
     *                   can be read (not on a virtual thread); may be null
     */
    public static Event run(Task task, Clock clock, long submittedMicros, long deadlineNanos, StartListener onStart,
                            Consumer<Schedule> onSchedule) {
        Checks.notNull(task, "task");
        Checks.notNull(clock, "clock");
        Thread current = Thread.currentThread();
        String thread = current.getName().isEmpty() ? "?" : current.getName();
        long ppid = parentPid();
        // made before the start: their own set-up (opening /proc files) is not the task's, and the probe watches
        // from the start on
        ThreadCpu cpuClock = ThreadCpu.forCurrentThread();
        try {
            return run(task, clock, submittedMicros, deadlineNanos, onStart, onSchedule, thread, ppid, cpuClock);
        } finally {
            if (cpuClock != null) {
                cpuClock.close();
            }
        }
    }

    private static Event run(Task task, Clock clock, long submittedMicros, long deadlineNanos, StartListener onStart,
                             Consumer<Schedule> onSchedule, String thread, long ppid, ThreadCpu cpuClock) {
        // read just before the start (its yield, see ThreadCpu, is not the task's); the start line the listener
        // prints is counted as the task's CPU time, a few microseconds
        long cpu0 = cpuClock == null ? -1 : cpuClock.nanos();
        ThreadProbe probe = onSchedule == null || cpu0 < 0 ? null : ThreadProbe.start(cpuClock, cpu0);
        long startNanos = System.nanoTime();
        long start = clock.toMicros(startNanos);
        if (onStart != null) {
            onStart.started(task, PID, thread, start);
        }
        // do the work; record only numbers here, words come after the end time is taken
        Event.Status status = Event.Status.OK;
        long count = 0;
        try {
            switch (task.kind()) {
                case IO -> {
                    long target = startNanos + task.size() * 1_000L;
                    boolean cut = deadlineNanos != NO_DEADLINE && deadlineNanos - target < 0;
                    sleepUntil(cut ? deadlineNanos : target);
                    if (probe != null) {
                        probe.tick();
                    }
                    if (cut) {
                        status = Event.Status.TIMED_OUT;
                    }
                }
                case CPU -> {
                    count = Primes.countBelow(task.size(), deadlineNanos, probe == null ? null : probe::tick);
                    if (count < 0) {
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                        status = Event.Status.TIMED_OUT;
                    }
                }
                default -> throw new IllegalStateException("unknown kind " + task.kind());
            }
        } catch (InterruptedException e) {
            status = Event.Status.INTERRUPTED;
        }
        long endNanos = System.nanoTime();
        Schedule schedule = probe == null ? null : probe.finish(task, clock, startNanos, endNanos);
        long cpu1 = cpuClock == null ? -1 : cpuClock.nanos(); // after the switch counts: its yield is not the task's
        if (schedule != null) {
            onSchedule.accept(schedule);
        }
        long cpu = cpu0 < 0 || cpu1 < 0 ? -1 : Math.max(0, (cpu1 - cpu0) / 1_000L);
        String ran = Text.seconds((endNanos - startNanos) / 1_000L);
        String result = switch (status) {
            case OK -> task.kind() == Task.Kind.IO ? "slept " + Text.seconds(task.size()) : count + " primes below " + task.size();
            case TIMED_OUT -> "stopped at the run's time bound after " + ran
                    + (task.kind() == Task.Kind.IO ? " of " + Text.seconds(task.size()) : "");
            case INTERRUPTED -> "interrupted after " + ran;
            case FAILED -> throw new IllegalStateException("not reached");
        };
        return new Event(task, PID, ppid, thread, Math.min(submittedMicros, start), start, clock.toMicros(endNanos), cpu, status,
                result);
    }

    /**
     * Does {@code task} now, in the calling thread, and returns its event: the same measuring every runner does for
     * each task, without a run around it, so nothing is printed. It stops early, and its event says so, at
     * {@link Limits#MAX_RUN_TIME} or when the thread is interrupted (the interrupt status is then clear).
     */
    public static Event runHere(Task task) {
        Clock clock = Clock.anchorNow();
        long now = System.nanoTime();
        return run(task, clock, clock.toMicros(now), now + Limits.MAX_RUN_TIME.toNanos(), null);
    }

    /**
     * Counts the primes below {@code n} ({@link Primes#countBelow}). Returns -1 if the thread was interrupted (the
     * interrupt status stays set) or the deadline passed before the count was done.
     */
    public static long countPrimesBelow(long n, long deadlineNanos) {
        return Primes.countBelow(n, deadlineNanos, null);
    }

    /** Sleeps until {@link System#nanoTime()} reaches {@code stopAt}. */
    private static void sleepUntil(long stopAt) throws InterruptedException {
        long remaining;
        while ((remaining = stopAt - System.nanoTime()) > 0) {
            Thread.sleep(Duration.ofNanos(remaining));
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }
}
