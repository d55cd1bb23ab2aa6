package ptlab.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of the thread that made it, in nanoseconds: the first field of {@code /proc/thread-self/schedstat}
 * (the time the kernel has run the thread), read through a file kept open, so a reading is one {@code pread}.
 * Where that file cannot be read (no {@code /proc}), the JVM's {@link ThreadMXBean} instead. The management classes
 * behind the latter take several milliseconds to set up, which a child JVM would spend before its task starts; the
 * file takes one open.
 *
 * <p>The kernel brings a running thread's count up to date only at its scheduler tick (every few ms) or when the
 * thread leaves or asks for the CPU: read as it is, the count of a thread that has run for a while lags by up to a
 * tick (measured: 1.4 ms on average, 3 ms at most, at 250 ticks a second). {@link #nanos()} therefore first calls
 * {@link Thread#yield()}, which brings it up to date (the lag measured after it: some 30 µs, the time the reads
 * take); {@link #recent()} does not, for a thread that has just come back to its CPU, whose count was brought up to
 * date when it left. Whether it left at all is the file's third field, the thread's turns on a CPU
 * ({@link #turns()}): a thread that stalled on its CPU (an interrupt, the hypervisor running another machine) has
 * the same count of turns, and its CPU time is then up to a tick behind. Used by one thread; {@link #close()} it when
 * done.
 */
final class ThreadCpu implements AutoCloseable {

    private static final String SCHEDSTAT = "/proc/thread-self/schedstat";
    private static volatile ThreadMXBean threadMx;

    private final RandomAccessFile file;
    private final byte[] buffer;
    private long turns = -1;

    private ThreadCpu(RandomAccessFile file) {
        this.file = file;
        this.buffer = file == null ? null : new byte[64];
    }

    /** A CPU clock for the current thread, or null when it has none (a virtual thread, a JVM without one). */
    static ThreadCpu forCurrentThread() {
        if (Thread.currentThread().isVirtual()) {
            return null;
        }
        try {
            ThreadCpu cpu = new ThreadCpu(new RandomAccessFile(SCHEDSTAT, "r"));
            if (cpu.nanos() >= 0) {
                return cpu;
            }
            cpu.close();
        } catch (IOException | RuntimeException e) {
            // no /proc: the JVM's clock below
        }
        return mx() != null ? new ThreadCpu(null) : null;
    }

    /** The thread's CPU time so far in ns, or -1 when it cannot be read. */
    long nanos() {
        if (file != null) {
            Thread.yield(); // the kernel brings the thread's count up to date
        }
        return recent();
    }

    /**
     * The thread's CPU time in ns as the kernel last counted it, or -1 when it cannot be read: exact for a thread
     * that has just come back to its CPU, else up to a scheduler tick behind.
     */
    long recent() {
        if (file == null) {
            return mx().getCurrentThreadCpuTime();
        }
        try {
            file.seek(0);
            int n = file.read(buffer, 0, buffer.length);
            // "runtime run_delay turns": the first and the third number
            long runtime = -1;
            long v = 0;
            int field = 0;
            boolean digits = false;
            turns = -1;
            for (int i = 0; i <= n && field < 3; i++) {
                if (i < n && buffer[i] >= '0' && buffer[i] <= '9') {
                    v = v * 10 + (buffer[i] - '0');
                    digits = true;
                } else if (digits) {
                    field++;
                    if (field == 1) {
                        runtime = v;
                    } else if (field == 3) {
                        turns = v;
                    }
                    v = 0;
                    digits = false;
                } else if (field == 0) {
                    break; // not a number first: unreadable
                }
            }
            return runtime;
        } catch (IOException e) {
            turns = -1;
            return -1;
        }
    }

    /**
     * The thread's turns on a CPU (times it was switched in) at the last {@link #recent()} or {@link #nanos()}, or -1
     * when unknown (no {@code /proc}, or the reading failed).
     */
    long turns() {
        return turns;
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // read-only: nothing is lost
            }
        }
    }

    /** The JVM's thread clock, or null when it has none. */
    private static ThreadMXBean mx() {
        ThreadMXBean mx = threadMx;
        if (mx == null) {
            try {
                mx = ManagementFactory.getThreadMXBean();
                if (!mx.isCurrentThreadCpuTimeSupported() || !mx.isThreadCpuTimeEnabled()) {
                    return null;
                }
            } catch (UnsupportedOperationException e) {
                return null;
            }
            threadMx = mx;
        }
        return mx;
    }
}
