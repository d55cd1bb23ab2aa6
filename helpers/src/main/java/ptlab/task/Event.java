package ptlab.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import ptlab.internal.Checks;
import ptlab.internal.Clock;

/**
 * What happened to one task in one run: where it ran (process ID, parent process ID, thread name), when (on one
 * clock shared by all processes of the machine: microseconds since the epoch), the CPU time its thread used,
 * how it ended and its result.
 *
 * <p>Times: {@code submittedMicros} is when the runner asked for the task to run (a thread's {@code start()},
 * a child process's launch, a pool's {@code submit}); {@code startMicros} and {@code endMicros} are taken by
 * the task itself, in the thread and process that ran it. So {@link #startDelay()} is the cost of getting the
 * task going: starting a thread, waiting in a pool's queue, or starting a whole JVM.
 *
 * <p>Unknown values, for a task that failed before it could report: {@code pid} and {@code parentPid} are
 * {@code -1}, {@code thread} is {@code "?"}, {@code cpuMicros} is {@code -1}. CPU time is also unknown
 * ({@code -1}) for virtual threads, whose CPU time the JVM does not measure.
 *
 * @param task            the task
 * @param pid             the process that ran it, or -1
 * @param parentPid       that process's parent, or -1
 * @param thread          the name of the thread that ran it, or {@code "?"}
 * @param submittedMicros when the runner asked for it to run (epoch µs)
 * @param startMicros     when it started (epoch µs)
 * @param endMicros       when it ended (epoch µs), not before {@code startMicros}
 * @param cpuMicros       CPU time used by its thread between start and end (µs), or -1
 * @param status          how it ended
 * @param result          the result in words ({@code "78498 primes below 1000000"}) or what went wrong
 */
public record Event(Task task, long pid, long parentPid, String thread, long submittedMicros, long startMicros,
                    long endMicros, long cpuMicros, Status status, String result) {

    /** How a task ended. */
    public enum Status {
        /** It ran to the end. */
        OK,
        /** It failed: an exception, or its child process crashed, exited early or could not start. */
        FAILED,
        /** It was stopped at its run's time bound, or its child process was killed by the watchdog. */
        TIMED_OUT,
        /** It was stopped because the run was interrupted. */
        INTERRUPTED;

        /** The words used in live lines: {@code done}, {@code failed}, {@code timed out}, {@code interrupted}. */
        public String words() {
            return this == OK ? "done" : name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** Checks the values; see the class description for what is allowed. */
    public Event {
        Checks.notNull(task, "task");
        Checks.notNull(thread, "thread");
        Checks.notNull(status, "status");
        Checks.notNull(result, "result");
        if (pid < -1 || pid == 0) {
            throw new IllegalArgumentException("pid = " + pid + " is out of range; allowed: a process ID (1 or more) or -1");
        }
        if (parentPid < -1) {
            throw new IllegalArgumentException("parentPid = " + parentPid + " is out of range; allowed: 0 or more, or -1");
        }
        if (thread.isEmpty()) {
            throw new IllegalArgumentException("thread must not be empty; allowed: a thread name or \"?\"");
        }
        if (submittedMicros < 0) {
            throw new IllegalArgumentException("submittedMicros = " + submittedMicros + " is out of range; allowed: 0 or more (epoch µs)");
        }
        if (startMicros < 0) {
            throw new IllegalArgumentException("startMicros = " + startMicros + " is out of range; allowed: 0 or more (epoch µs)");
        }
        if (endMicros < startMicros) {
            throw new IllegalArgumentException("endMicros = " + endMicros + " is out of range; allowed: startMicros ("
                    + startMicros + ") or later");
        }
        if (cpuMicros < -1) {
            throw new IllegalArgumentException("cpuMicros = " + cpuMicros + " is out of range; allowed: 0 or more, or -1");
        }
    }

    /** The task's name. */
    public String name() {
        return task.name();
    }

    /** True when the task ran to the end ({@link Status#OK}). */
    public boolean ok() {
        return status == Status.OK;
    }

    /** When the task started. */
    public Instant start() {
        return Clock.instant(startMicros);
    }

    /** When the task ended. */
    public Instant end() {
        return Clock.instant(endMicros);
    }

    /** How long the task ran: end minus start. */
    public Duration duration() {
        return Duration.ofNanos((endMicros - startMicros) * 1_000L);
    }

    /** How long it took from asking for the task to run until it started (thread start, queue, JVM start). */
    public Duration startDelay() {
        return Duration.ofNanos((startMicros - submittedMicros) * 1_000L);
    }

    /** The CPU time the task's thread used, when known. */
    public Optional<Duration> cpuTime() {
        return cpuMicros < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(cpuMicros * 1_000L));
    }

    /** True when this event's time span overlaps the other's: the two tasks were running at the same time. */
    public boolean overlaps(Event other) {
        Checks.notNull(other, "other");
        return startMicros < other.endMicros && other.startMicros < endMicros;
    }

    /** This event with another status and result (the runner uses it when it stops a task). */
    public Event withStatus(Status newStatus, String newResult) {
        Checks.notNull(newStatus, "newStatus");
        Checks.notNull(newResult, "newResult");
        return new Event(task, pid, parentPid, thread, submittedMicros, startMicros, endMicros, cpuMicros, newStatus, newResult);
    }

    /** E.g. {@code Event[A io pid=4121 thread=worker-A 1.001 s done: slept 1.000 s]}. */
    @Override
    public String toString() {
        return "Event[" + task.name() + " " + task.kind().label() + " pid=" + (pid < 0 ? "?" : pid) + " thread=" + thread
                + " " + String.format(Locale.ROOT, "%.3f s", (endMicros - startMicros) / 1e6) + " " + status.words()
                + (result.isEmpty() ? "" : ": " + result) + "]";
    }
}
