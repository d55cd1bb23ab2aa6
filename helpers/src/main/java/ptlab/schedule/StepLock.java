package ptlab.schedule;

import java.util.concurrent.locks.ReentrantLock;

import ptlab.internal.Checks;

/**
 * A lock whose {@link #lock()} is a step of a replayed schedule, labelled {@code lock(name)}. Underneath is a real
 * {@link ReentrantLock}; the replay also keeps who holds it, so that a thread that would wait for it is seen to
 * wait, and a cycle of such waits is reported as a deadlock instead of hanging. Outside a replay it is a plain
 * {@code ReentrantLock}. Make one with {@link Interleaving#lock(String)}.
 */
public final class StepLock {

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Replayer.Worker holder;   // set only while one replay's step runs, or by its scheduler
    private int holds;                          // how many times the holder took it (reentrant)

    StepLock(String name) {
        this.name = Checks.name(name, "name", 40);
    }

    /** The name steps and cycles show, e.g. {@code a}. */
    public String name() {
        return name;
    }

    /**
     * Takes the lock. In a replay this is a step labelled {@code lock(name)}: when the schedule runs it and another
     * thread holds the lock, this thread waits until that one lets go (the replay hands the lock over, right after
     * the step that lets go).
     */
    public void lock() {
        Replayer.Worker w = Replayer.current();
        if (w == null) {
            lock.lock();
            return;
        }
        w.gate("lock(" + name + ")");
        if (holder != null && holder != w) {
            w.waitFor(this);            // returns when the scheduler has made w the holder
        } else {
            holder = w;
        }
        holds++;
        lock.lock();                    // free, or already ours: does not wait
        if (holds == 1) {
            w.held.add(this);
        }
        w.saw(holds == 1 ? "took " + name : "took " + name + " again (" + holds + " times)");
    }

    /** Lets go of the lock (not a step of its own: it belongs to the step it is in). */
    public void unlock() {
        Replayer.Worker w = Replayer.current();
        lock.unlock();                  // throws IllegalMonitorStateException if this thread does not hold it
        if (w != null && --holds == 0) {
            holder = null;
            w.held.remove(this);
            w.released(this);
        }
    }

    /** Lets go of every hold the calling thread, ended by its replay, still has. */
    void abandon() {
        while (lock.isHeldByCurrentThread()) {
            lock.unlock();
        }
        holds = 0;
        holder = null;
    }

    Replayer.Worker holder() {
        return holder;
    }

    void handTo(Replayer.Worker w) {
        holder = w;
    }

    @Override
    public String toString() {
        return name;
    }
}
