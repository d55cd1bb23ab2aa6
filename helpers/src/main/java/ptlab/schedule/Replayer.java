package ptlab.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import ptlab.deadlock.Cycle;
import ptlab.deadlock.Deadlock;
import ptlab.internal.Tracker;

/**
 * The lock-step scheduler behind {@link Interleaving}: one platform thread per piece of work, each stopped at its
 * steps' gates; the calling thread lets exactly one of them run at a time, from one gate to the next, in the order
 * of the schedule, and waits until it stops again. Nothing runs in between, so a replay does the same each time.
 */
final class Replayer {

    private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

    /** How long stopped threads have to end once told to. */
    private static final long GRACE_NANOS = 1_000_000_000L;

    enum State { STARTING, AT_GATE, WAITING, RUNNING, FINISHED, THREW, CANCELLED }

    /** Thrown at a gate when the replay ends; unwinds the thread's work (its finally blocks run). */
    private static final class Cancelled extends Error {
        Cancelled() {
            super("the replay ended", null, false, false);
        }
    }

    /** One thread of a replay. Its fields are written by one side and read by the other after a queue hand-over. */
    static final class Worker {
        final char letter;
        final String name;
        final Thread thread;
        private final Replayer replayer;
        private final BlockingQueue<Boolean> go = new LinkedBlockingQueue<>();
        volatile State state = State.STARTING;
        volatile String label = "";
        volatile int steps;
        volatile StepLock waitsFor;
        volatile String how = "";
        final List<String> notes = new ArrayList<>();   // what the running step showed
        final List<StepLock> held = new ArrayList<>();  // the step locks this thread holds, touched only by it

        Worker(Replayer replayer, int index, Deadlock.Work work) {
            this.replayer = replayer;
            this.letter = (char) ('A' + index);
            this.name = "thread-" + letter;
            this.thread = new Thread(() -> body(work), name);
            thread.setDaemon(true);
            Tracker.track(thread);
        }

        private void body(Deadlock.Work work) {
            CURRENT.set(this);
            try {
                work.run();
                how = "finished";
                state = State.FINISHED;
            } catch (Cancelled c) {
                state = State.CANCELLED;
                held.forEach(StepLock::abandon);   // so that the next replay, or code outside one, finds them free
                return;
            } catch (InterruptedException e) {
                how = "gave up (InterruptedException)";
                state = State.THREW;
            } catch (RuntimeException | Error e) {
                how = "threw " + e;
                state = State.THREW;
            }
            replayer.events.add(this);
        }

        /** A step's gate: tells the scheduler this thread stopped before {@code label}, and waits to be let go. */
        void gate(String label) {
            this.label = label;
            state = State.AT_GATE;
            replayer.events.add(this);
            await();
        }

        /** In a {@code lock} step: waits until the scheduler hands {@code lock} to this thread. */
        void waitFor(StepLock lock) {
            waitsFor = lock;
            notes.add("waits: " + lock.name() + " is held by " + lock.holder().name);
            state = State.WAITING;
            replayer.events.add(this);
            await();
            waitsFor = null;
        }

        /** Something the running step showed: a value it computed, a lock it took. */
        void saw(String note) {
            notes.add(note);
        }

        void released(StepLock lock) {
            notes.add("let go of " + lock.name());
        }

        private void await() {
            boolean run;
            try {
                run = go.take();
            } catch (InterruptedException e) {
                run = false;
            }
            if (!run) {
                throw new Cancelled();
            }
            state = State.RUNNING;
        }

        boolean unfinished() {
            return state == State.AT_GATE || state == State.WAITING;
        }
    }

    /** The worker on the calling thread, or null outside a replay. */
    static Worker current() {
        return CURRENT.get();
    }

    private final Schedule schedule;
    private final List<Worker> workers = new ArrayList<>();
    private final BlockingQueue<Worker> events = new LinkedBlockingQueue<>();
    private final long deadline;
    private final Duration bound;
    private final List<Replay.Row> rows = new ArrayList<>();
    private Optional<Cycle> cycle = Optional.empty();

    Replayer(Schedule schedule, List<Deadlock.Work> works, Duration bound) {
        this.schedule = schedule;
        this.bound = bound;
        for (Schedule.Step s : schedule.steps()) {
            if (s.index() >= works.size()) {
                throw new IllegalArgumentException("step " + s + " names thread " + s.thread() + ", but this replay has "
                        + names(works.size()) + "; allowed: steps of those threads");
            }
        }
        for (int i = 0; i < works.size(); i++) {
            workers.add(new Worker(this, i, works.get(i)));
        }
        deadline = System.nanoTime() + bound.toNanos();
    }

    private static String names(int n) {
        return n == 1 ? "thread A only" : n == 2 ? "threads A and B" : "threads A, B and C";
    }

    /** Replays the schedule; every thread is gone or reported when it returns or throws. */
    Replay run() throws InterruptedException {
        String outcome;
        try {
            outcome = play();
        } catch (InterruptedException e) {
            stop();
            throw new InterruptedException("the replay was interrupted; its threads were stopped");
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
        List<String> unfinished = workers.stream().filter(Worker::unfinished)
                .map(w -> w.name + " (next: " + w.letter + (w.steps + 1) + " " + w.label + ")").toList();
        List<String> endings = workers.stream().map(w -> w.name + ": " + (w.unfinished() || w.state == State.RUNNING
                ? "stopped by the replay" : w.how)).toList();
        boolean gone = stop();
        return new Replay(schedule.toString(), workers.stream().map(w -> w.name).toList(), rows, outcome, cycle,
                unfinished, endings, gone, Replay.Count.NONE);
    }

    private String play() throws InterruptedException {
        for (Worker w : workers) {          // each runs up to its first step, one after the other
            w.thread.start();
            if (!stopped(w)) {
                return timedOut(w, "the code before its first step");
            }
        }
        List<Schedule.Step> steps = schedule.steps();
        for (int i = 0; i < steps.size(); i++) {
            Schedule.Step s = steps.get(i);
            Worker w = workers.get(s.index());
            if (w.state == State.FINISHED || w.state == State.THREW) {
                throw new IllegalArgumentException("step " + s + " (number " + (i + 1) + " of the schedule): thread "
                        + w.letter + " has already finished, after " + w.steps + " step" + (w.steps == 1 ? "" : "s"));
            }
            if (w.state == State.WAITING) {
                return "cannot go on at step " + s + ": " + w.name + " still waits for " + w.waitsFor.name() + ", held by "
                        + w.waitsFor.holder().name + ", which must let go of it first (a thread that waits has no step to run)";
            }
            if (s.number() != w.steps + 1) {
                throw new IllegalArgumentException("step " + s + " (number " + (i + 1) + " of the schedule) is not thread "
                        + w.letter + "'s next step; allowed: " + w.letter + (w.steps + 1) + " (" + w.label + ")");
            }
            w.steps++;
            if (!runStep(s.toString(), w, w.label)) {
                return timedOut(w, "step " + s + " (" + w.label + ")");
            }
            String handed = handOver();
            if (handed != null) {
                return handed;
            }
            for (Worker x : workers) {
                if (x.state == State.WAITING) {
                    cycle = cycleFrom(x);
                    if (cycle.isPresent()) {
                        return "deadlock after step " + s + ": each thread of the cycle waits for a lock another one holds";
                    }
                }
            }
            if (workers.stream().anyMatch(Worker::unfinished) && workers.stream().filter(Worker::unfinished)
                    .allMatch(x -> x.state == State.WAITING)) {
                Worker x = workers.stream().filter(Worker::unfinished).findFirst().orElseThrow();
                return "stuck after step " + s + ": " + x.name + " waits for " + x.waitsFor.name() + ", held by "
                        + x.waitsFor.holder().name + ", which finished without letting go of it";
            }
        }
        List<String> left = workers.stream().filter(Worker::unfinished)
                .map(w -> w.name + " (next: " + w.letter + (w.steps + 1) + " " + w.label + ")").toList();
        List<String> threw = workers.stream().filter(w -> w.state == State.THREW).map(w -> w.name + " " + w.how).toList();
        String end = left.isEmpty() ? "every thread finished" : "the schedule ended before " + String.join(", ", left) + " finished";
        return threw.isEmpty() ? end : end + "; " + String.join("; ", threw);
    }

    /** Lets {@code w} run one step, waits until it stops again and adds its row; false on the time bound. */
    private boolean runStep(String step, Worker w, String label) throws InterruptedException {
        w.notes.clear();
        w.go.add(true);
        if (!stopped(w)) {
            rows.add(new Replay.Row(step, w.letter - 'A', label, "did not stop within the time bound"));
            return false;
        }
        List<String> shows = new ArrayList<>(w.notes);
        if (w.state == State.FINISHED || w.state == State.THREW) {
            shows.add(w.how);
        }
        rows.add(new Replay.Row(step, w.letter - 'A', label, String.join("; ", shows)));
        return true;
    }

    /** Hands each lock let go of to a thread waiting for it (first in thread order), which then runs to its next step. */
    private String handOver() throws InterruptedException {
        boolean again = true;
        while (again) {
            again = false;
            for (Worker x : workers) {
                if (x.state == State.WAITING && x.waitsFor.holder() == null) {
                    x.waitsFor.handTo(x);
                    if (!runStep("(" + x.letter + x.steps + ")", x, x.label + ", continued")) {
                        return timedOut(x, "the rest of step " + x.letter + x.steps);
                    }
                    again = true;
                }
            }
        }
        return null;
    }

    /** The cycle of waits that {@code start} is in, or empty (it may wait for a cycle without being in it). */
    private static Optional<Cycle> cycleFrom(Worker start) {
        List<Worker> path = new ArrayList<>();
        Worker w = start;
        while (w != null && w.state == State.WAITING && !path.contains(w)) {
            path.add(w);
            w = w.waitsFor.holder();
        }
        if (w == null || !path.contains(w)) {
            return Optional.empty();
        }
        List<Worker> ring = path.subList(path.indexOf(w), path.size());
        int n = ring.size();
        List<Cycle.Link> links = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Worker t = ring.get(i);
            links.add(new Cycle.Link(t.name, ring.get((i + n - 1) % n).waitsFor.name(), t.waitsFor.name(),
                    ring.get((i + 1) % n).name));
        }
        return n < 2 ? Optional.empty() : Optional.of(new Cycle(links));
    }

    private String timedOut(Worker w, String what) {
        return "timed out: " + w.name + " did not reach its next step within " + bound.toMillis() + " ms, in " + what;
    }

    /** Waits until {@code w} stops at a gate, waits for a lock or ends; false when the time bound passes first. */
    private boolean stopped(Worker w) throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            Worker e = left <= 0 ? events.poll() : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                return false;
            }
            if (e == w) {
                return true;
            }
        }
    }

    /** Ends every thread: those at a gate are let go with a cancel, running ones interrupted. True when all are gone. */
    private boolean stop() {
        for (Worker w : workers) {
            if (w.thread.isAlive()) {
                w.go.add(false);
                if (!w.unfinished()) {
                    w.thread.interrupt();
                }
            }
        }
        boolean interrupted = false;
        long end = System.nanoTime() + GRACE_NANOS;
        for (Worker w : workers) {
            while (w.thread.isAlive() && System.nanoTime() < end) {
                try {
                    w.thread.join(20);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return workers.stream().noneMatch(w -> w.thread.isAlive());
    }
}
