package ptlab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ptlab.internal.Tracker;
import ptlab.run.Context;
import ptlab.run.Engine;
import ptlab.run.Work;
import ptlab.task.Event;
import ptlab.task.Task;

/**
 * Runs tasks on threads of this JVM: one after the other in the calling thread, one platform or virtual thread per
 * task, or a fixed pool.
 */
final class ThreadEngine implements Engine {

    private final Runner.Mode mode;
    private final int poolSize;
    private final List<Thread> threads = new ArrayList<>();
    private Context run;
    private ThreadPoolExecutor pool;

    ThreadEngine(Runner.Mode mode, int poolSize) {
        this.mode = mode;
        this.poolSize = poolSize;
    }

    @Override
    public boolean inCallingThread() {
        return mode == Runner.Mode.SEQUENTIAL;
    }

    @Override
    public void start(Context context) throws InterruptedException {
        run = context;
        Work.warmUp(); // one-time look-ups here, not in the first task's start delay
        if (mode == Runner.Mode.SEQUENTIAL) {
            runHere();
            return;
        }
        if (mode == Runner.Mode.POOL) {
            AtomicInteger n = new AtomicInteger();
            pool = new ThreadPoolExecutor(poolSize, poolSize, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "pool-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                synchronized (threads) {
                    threads.add(t);
                }
                return Tracker.track(t);
            });
            for (Task task : run.tasks()) {
                pool.execute(job(task, run.clock().nowMicros()));
            }
            pool.shutdown(); // no more tasks: the workers end when the queue is empty
            return;
        }
        for (Task task : run.tasks()) {
            long submitted = run.clock().nowMicros();
            Runnable job = job(task, submitted);
            Thread t = mode == Runner.Mode.VIRTUAL_THREADS
                    ? Thread.ofVirtual().name("virtual-" + task.name()).unstarted(job)
                    : Thread.ofPlatform().name("worker-" + task.name()).daemon(true).unstarted(job);
            synchronized (threads) {
                threads.add(Tracker.track(t));
            }
            t.start();
        }
    }

    /** Sequential: the tasks run right here, in the calling thread, until the deadline. */
    private void runHere() throws InterruptedException {
        for (Task task : run.tasks()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() - run.deadlineNanos() >= 0) {
                return; // the rest are reported as not started
            }
            Event e = Work.run(task, run.clock(), run.clock().nowMicros(), run.deadlineNanos(), run::started,
                    run::scheduled);
            run.finished(e);
            if (e.status() == Event.Status.INTERRUPTED) {
                throw new InterruptedException();
            }
        }
    }

    private Runnable job(Task task, long submitted) {
        return () -> {
            try {
                run.finished(Work.run(task, run.clock(), submitted, run.deadlineNanos(), run::started, run::scheduled));
            } catch (Throwable x) { // report, do not rethrow: the notebook sees it as a failed task
                run.crashed(task, x.toString());
            }
        };
    }

    @Override
    public void cancel() {
        if (pool != null) {
            pool.shutdownNow(); // interrupts the running tasks, drops the queued ones
        }
        for (Thread t : snapshot()) {
            t.interrupt();
        }
    }

    @Override
    public boolean awaitGone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (pool != null && !pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        for (Thread t : snapshot()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> leftovers() {
        List<String> alive = new ArrayList<>();
        for (Thread t : snapshot()) {
            if (t.isAlive()) {
                alive.add("thread " + t.getName());
            }
        }
        return alive;
    }

    @Override
    public void close() {
        if (pool != null && !pool.isShutdown()) {
            pool.shutdownNow();
        }
    }

    private List<Thread> snapshot() {
        synchronized (threads) {
            return new ArrayList<>(threads);
        }
    }
}
