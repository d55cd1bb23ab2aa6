package ptlab.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers every thread and child process the helper starts, so that tests (and a notebook's last cell) can
 * ask whether anything is still running. Virtual threads do not appear in {@link Thread#getAllStackTraces()},
 * so this is the only reliable list of them. Dead entries are dropped as they are found.
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Tracker {

    private static final List<WeakReference<Thread>> THREADS = new ArrayList<>();
    private static final List<ProcessHandle> PROCESSES = new ArrayList<>();
    private static final AtomicLong STARTED = new AtomicLong();

    private Tracker() {
    }

    /** Remembers a thread the helper created. */
    public static Thread track(Thread thread) {
        Checks.notNull(thread, "thread");
        STARTED.incrementAndGet();
        synchronized (THREADS) {
            THREADS.add(new WeakReference<>(thread));
            if (THREADS.size() % 1024 == 0) {
                THREADS.removeIf(r -> {
                    Thread t = r.get();
                    return t == null || t.getState() == Thread.State.TERMINATED;
                });
            }
        }
        return thread;
    }

    /** Remembers a child process the helper started. */
    public static void track(ProcessHandle process) {
        Checks.notNull(process, "process");
        STARTED.incrementAndGet();
        synchronized (PROCESSES) {
            PROCESSES.removeIf(p -> !p.isAlive());
            PROCESSES.add(process);
        }
    }

    /**
     * How many threads and child processes the helper has created so far, alive or not: a test that sees this
     * unchanged across a rejected call knows the call started nothing before it rejected its arguments.
     */
    public static long created() {
        return STARTED.get();
    }

    /** Threads the helper started that are still alive (started and not yet terminated). */
    public static List<Thread> liveThreads() {
        List<Thread> live = new ArrayList<>();
        synchronized (THREADS) {
            for (Iterator<WeakReference<Thread>> it = THREADS.iterator(); it.hasNext(); ) {
                Thread t = it.next().get();
                if (t == null || t.getState() == Thread.State.TERMINATED) {
                    it.remove();
                } else if (t.getState() != Thread.State.NEW) {
                    live.add(t);
                }
            }
        }
        return live;
    }

    /** Child processes the helper started that are still alive. */
    public static List<ProcessHandle> liveProcesses() {
        synchronized (PROCESSES) {
            PROCESSES.removeIf(p -> !p.isAlive());
            return new ArrayList<>(PROCESSES);
        }
    }
}
