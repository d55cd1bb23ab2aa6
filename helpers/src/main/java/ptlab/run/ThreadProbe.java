package ptlab.run;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ptlab.internal.Clock;
import ptlab.task.Schedule;
import ptlab.task.Task;

/**
 * The current thread's own view of the scheduler while it does a task: when it was off its CPU, and its context
 * switches. Made, used and finished by one thread.
 *
 * <p>How: the task calls {@link #tick()} every few tens of microseconds of work. A tick reads {@link System#nanoTime()}; when
 * more than {@link Schedule#MIN_WAIT_MICROS} passed since the last tick, it also reads the thread's CPU clock ({@link ThreadCpu}), and
 * the wall time not spent on the CPU since the previous CPU reading is a stretch off the CPU, ending now (at most as
 * long as the gap: shorter stalls since that reading, each below the threshold, are no waits of their own). The CPU
 * clock is read only at a gap, when the thread has just come back to its CPU and the kernel's count of it is
 * current ({@link ThreadCpu#recent()}). A gap in which the thread kept its CPU (its count of turns on a CPU,
 * {@link ThreadCpu#turns()}, did not change: an interrupt, or the hypervisor running another machine) is no wait,
 * and its reading, up to a tick behind, is not kept: the next wait is measured from the last exact one. The cost is
 * one clock read per tick. The switch counts come from {@code /proc/thread-self/status}
 * ({@code voluntary_ctxt_switches}, {@code nonvoluntary_ctxt_switches}).
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class ThreadProbe {

    /** Most stretches kept per task (a 60 s task switched every millisecond); later ones are merged into the last. */
    static final int MAX_SPANS = 60_000;
    private static final long GAP_NANOS = Schedule.MIN_WAIT_MICROS * 1_000L;
    private static final String STATUS = "/proc/thread-self/status";

    private final ThreadCpu cpu;
    private final long[] switches0;
    private long lastWall;
    private long markWall;
    private long markCpu;
    private long markTurns;
    private long[] spans = new long[64]; // start, end pairs in nanoTime
    private int n;

    ThreadProbe(ThreadCpu cpu, long wallNow, long cpuNow, long turnsNow) {
        this.cpu = cpu;
        lastWall = wallNow;
        markWall = wallNow;
        markCpu = cpuNow;
        markTurns = turnsNow;
        this.switches0 = switches();
    }

    /** A probe for the current thread, whose CPU clock {@code cpu} read {@code cpuNow} a moment ago. */
    static ThreadProbe start(ThreadCpu cpu, long cpuNow) {
        return new ThreadProbe(cpu, System.nanoTime(), cpuNow, cpu.turns());
    }

    /** Called often by the working thread: notes a stretch off the CPU since the last call, if there was one. */
    void tick() {
        long now = System.nanoTime();
        long gap = now - lastWall;
        lastWall = now;
        if (gap > GAP_NANOS) {
            long used = cpu.recent(); // if the thread has just come back to its CPU, the kernel's count is current
            gap(now, gap, used, cpu.turns());
        }
    }

    /**
     * A gap of {@code gap} ns ending {@code now}, after which the CPU clock read {@code used} and the count of turns
     * on a CPU {@code turns} (-1 when unknown: then every gap counts as a return to the CPU).
     */
    void gap(long now, long gap, long used, long turns) {
        if (turns >= 0 && turns == markTurns) {
            return; // it kept its CPU: no wait, and the count may be up to a tick behind
        }
        long off = (now - markWall) - (used - markCpu);
        markWall = now;
        markCpu = used;
        markTurns = turns;
        if (off > GAP_NANOS / 2) {
            add(Math.max(now - off, now - gap), now);
        }
    }

    /** The stretches off the CPU noted so far, as start, end pairs in nanoTime. */
    long[] waits() {
        return Arrays.copyOf(spans, n);
    }

    private void add(long from, long to) {
        if (n > 0 && from <= spans[n - 1]) {
            spans[n - 1] = to;
            return;
        }
        if (n == MAX_SPANS * 2) {
            spans[n - 1] = to;
            return;
        }
        if (n == spans.length) {
            spans = Arrays.copyOf(spans, n * 2);
        }
        spans[n++] = from;
        spans[n++] = to;
    }

    /** The task's schedule, from its start to its end (nanoTime values of {@code clock}). */
    Schedule finish(Task task, Clock clock, long startNanos, long endNanos) {
        long[] switches1 = switches();
        List<Schedule.Span> waiting = new ArrayList<>();
        long start = clock.toMicros(startNanos);
        long end = Math.max(start, clock.toMicros(endNanos));
        long at = start;
        for (int i = 0; i < n; i += 2) {
            long from = Math.max(at, Math.min(end, clock.toMicros(spans[i])));
            long to = Math.max(from, Math.min(end, clock.toMicros(spans[i + 1])));
            if (to - from >= Schedule.MIN_WAIT_MICROS / 2) {
                waiting.add(new Schedule.Span(from, to));
                at = to;
            }
        }
        boolean known = switches0 != null && switches1 != null;
        return new Schedule(task.name(), start, end, waiting, known ? switches1[0] - switches0[0] : -1,
                known ? switches1[1] - switches0[1] : -1);
    }

    /** The current thread's voluntary and involuntary context switches so far, or null without {@code /proc}. */
    public static long[] switches() {
        byte[] bytes;
        try (InputStream in = new FileInputStream(STATUS)) {
            bytes = in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String status = new String(bytes, StandardCharsets.ISO_8859_1);
        long voluntary = field(status, "\nvoluntary_ctxt_switches:");
        long involuntary = field(status, "\nnonvoluntary_ctxt_switches:");
        return voluntary < 0 || involuntary < 0 ? null : new long[] {voluntary, involuntary};
    }

    /** The number after {@code key} in {@code /proc}'s status text, or -1. */
    private static long field(String status, String key) {
        int at = status.indexOf(key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        while (i < status.length() && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) {
            i++;
        }
        long n = 0;
        int digits = 0;
        for (; i < status.length() && Character.isDigit(status.charAt(i)); i++, digits++) {
            n = n * 10 + (status.charAt(i) - '0');
        }
        return digits == 0 ? -1 : n;
    }
}
