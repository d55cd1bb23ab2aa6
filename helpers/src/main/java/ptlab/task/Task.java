package ptlab.task;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import ptlab.internal.Checks;

/**
 * A named unit of work, as data: a kind, a name and a size. Because a task is data and not code, it can be
 * sent to another process as a few characters on a command line; a lambda could not, since processes share
 * no memory.
 *
 * <ul>
 * <li>{@link #io(String, Duration)}: waits for a duration without using the CPU, like {@code time.sleep} in
 * the Python original, or a program waiting for a disk or the network (I/O-bound);</li>
 * <li>{@link #cpu(String, long)}: real work for the CPU, counting the primes below {@code n} by trial
 * division; the count is the task's result, so the work is visibly done (CPU-bound);</li>
 * <li>{@link #cpuCalibrated(String, Duration)}: a CPU task sized so that it takes about a given time on one
 * core of this machine, from a measurement ({@link Calibration}).</li>
 * </ul>
 *
 * <p>Tasks are immutable; equal when kind, name and size are equal.
 */
public final class Task {

    /** What a task does with its time. */
    public enum Kind {
        /** Waits (sleeps) for a duration; uses almost no CPU. Size: microseconds. */
        IO,
        /** Counts the primes below a number; uses one CPU core all the time. Size: the number. */
        CPU;

        /** The lower-case label used in lines and tables: {@code io}, {@code cpu}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind for a label ({@code io}, {@code cpu}, any case). */
        public static Kind ofLabel(String label) {
            Checks.notNull(label, "label");
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("label = \"" + label + "\" is not a task kind; allowed: io, cpu");
        }
    }

    private final Kind kind;
    private final String name;
    private final long size;

    private Task(Kind kind, String name, long size) {
        this.kind = kind;
        this.name = name;
        this.size = size;
    }

    /**
     * An I/O-bound task: waits for {@code duration} (microsecond resolution; finer parts are dropped).
     *
     * @param name     1 to {@value Limits#MAX_NAME_LENGTH} printable characters
     * @param duration 1 µs to {@link Limits#MAX_TASK_DURATION}
     */
    public static Task io(String name, Duration duration) {
        Checks.name(name, "name", Limits.MAX_NAME_LENGTH);
        Checks.positiveDuration(duration, Limits.MAX_TASK_DURATION, "duration");
        return new Task(Kind.IO, name, duration.toNanos() / 1_000L);
    }

    /**
     * An I/O-bound task: waits for {@code seconds} (e.g. {@code Task.io("A", 1)} or {@code 0.25}).
     *
     * @param name    1 to {@value Limits#MAX_NAME_LENGTH} printable characters
     * @param seconds 0.000001 to 30 (see {@link Limits#MAX_TASK_DURATION}); not NaN
     */
    public static Task io(String name, double seconds) {
        Checks.name(name, "name", Limits.MAX_NAME_LENGTH);
        Checks.positiveSeconds(seconds, Limits.MAX_TASK_DURATION, "seconds");
        return new Task(Kind.IO, name, Math.max(1L, Math.round(seconds * 1e6)));
    }

    /**
     * A CPU-bound task: counts the primes below {@code n} by trial division. Its result is the count
     * (78,498 for {@code n = 1,000,000}). The time grows a bit faster than {@code n}: on one core of a recent
     * laptop 1,000,000 takes about 0.06 s and 8,000,000 about 1 s; {@link #cpuCalibrated} picks {@code n} for
     * a time instead.
     *
     * @param name 1 to {@value Limits#MAX_NAME_LENGTH} printable characters
     * @param n    1 to {@value Limits#MAX_CPU_SIZE}
     */
    public static Task cpu(String name, long n) {
        Checks.name(name, "name", Limits.MAX_NAME_LENGTH);
        Checks.range(n, 1, Limits.MAX_CPU_SIZE, "n", "(count the primes below n)");
        return new Task(Kind.CPU, name, n);
    }

    /**
     * A CPU-bound task sized to take <em>about</em> {@code about} on one free core of this machine, using the
     * measured {@link Calibration#get() calibration} (measured once per JVM, in about 0.3 s, the first time it
     * is needed). The estimate is rough (±20 % is normal) and a busy machine takes longer.
     *
     * @param name  1 to {@value Limits#MAX_NAME_LENGTH} printable characters
     * @param about 1 ms to {@link Limits#MAX_TASK_DURATION}
     */
    public static Task cpuCalibrated(String name, Duration about) {
        Checks.name(name, "name", Limits.MAX_NAME_LENGTH);
        Checks.millisDuration(about, Limits.MAX_TASK_DURATION, "about");
        return cpu(name, Calibration.get().sizeFor(about));
    }

    /**
     * A task from its data form, as sent to a child process: kind, name and size (microseconds for
     * {@link Kind#IO}, {@code n} for {@link Kind#CPU}), with the same checks as the factories above.
     */
    public static Task of(Kind kind, String name, long size) {
        Checks.notNull(kind, "kind");
        return switch (kind) {
            case IO -> {
                Checks.name(name, "name", Limits.MAX_NAME_LENGTH);
                Checks.range(size, 1, Limits.MAX_TASK_DURATION.toNanos() / 1_000L, "size", "µs");
                yield new Task(Kind.IO, name, size);
            }
            case CPU -> cpu(name, size);
        };
    }

    /** The same work under another name, e.g. {@code Task.cpu("A", n).named("B")}. */
    public Task named(String newName) {
        Checks.name(newName, "newName", Limits.MAX_NAME_LENGTH);
        return new Task(kind, newName, size);
    }

    /** The task's name, unique within a run. */
    public String name() {
        return name;
    }

    /** What the task does. */
    public Kind kind() {
        return kind;
    }

    /** The size: microseconds to wait ({@link Kind#IO}) or the {@code n} to count primes below ({@link Kind#CPU}). */
    public long size() {
        return size;
    }

    /** How long an I/O task waits; for a CPU task, {@link Duration#ZERO} (its time depends on the machine). */
    public Duration duration() {
        return kind == Kind.IO ? Duration.ofNanos(size * 1_000L) : Duration.ZERO;
    }

    /** The work in words: {@code io 1.000 s} or {@code cpu primes below 1000000}. */
    public String describe() {
        return switch (kind) {
            case IO -> "io " + String.format(Locale.ROOT, "%.3f s", size / 1e6);
            case CPU -> "cpu primes below " + size;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Task t && t.kind == kind && t.size == size && t.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, size);
    }

    /** E.g. {@code Task[A: io 1.000 s]}. */
    @Override
    public String toString() {
        return "Task[" + name + ": " + describe() + "]";
    }
}
