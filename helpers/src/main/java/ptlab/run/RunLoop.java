package ptlab;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import ptlab.display.Display;
import ptlab.internal.Clock;
import ptlab.internal.Text;
import ptlab.internal.Work;

/**
 * One run of a {@link Runner}: starts the tasks through an {@link Engine}, and in the calling thread drains the
 * signals its workers and child readers send, prints the live lines, enforces the time bound, handles interrupts,
 * cleans up and builds the {@link Report}. Not thread-safe: everything but {@link #post(Signal)} runs in the
 * calling thread.
 */
final class Run {

    /** After the time bound, how long tasks get to report that they stopped before they are killed. */
    private static final long GRACE_NANOS = 1_000_000_000L;

    /** How long the cleanup waits for stopped threads and killed processes to be gone. */
    static final Duration CLEANUP = Duration.ofSeconds(2);

    /** The ways the calling thread's loop can end. */
    private enum Outcome {
        COMPLETE, TIMED_OUT, INTERRUPTED
    }

    /** What starts and stops the workers of one run (threads or child processes). */
    interface Engine {
        /** Starts all tasks; returns at once. */
        void start();

        /** Stops everything at once (interrupt threads, kill processes); may be called more than once. */
        void cancel();

        /** Waits until everything it started is gone; false if something is still alive at the timeout. */
        boolean awaitGone(Duration timeout) throws InterruptedException;

        /** What is still alive, in words ({@code thread worker-A}, {@code process 4122}); empty when nothing. */
        List<String> leftovers();

        /** Releases what is left (closes child stdins); called last, always. */
        void close();
    }

    final Runner runner;
    final List<Task> tasks;
    final Clock clock = Clock.anchorNow();
    private final PrintStream out;
    private final boolean richSummary;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();

    long startMicros;
    long deadlineNanos;
    long deadlineMicros;

    private final Map<String, Signal.Started> started = new HashMap<>();
    private final Map<String, Event> events = new LinkedHashMap<>();
    private final Map<String, Event> reported = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<String> listed = new HashSet<>();
    private int unlisted;
    private int remaining;
    private Event.Status cancelStatus = Event.Status.FAILED;

    Run(Runner runner, List<Task> tasks, PrintStream out, boolean richSummary) {
        this.runner = runner;
        this.tasks = tasks;
        this.out = out;
        this.richSummary = richSummary;
    }

    /** Called by workers and readers, from any thread. */
    void post(Signal signal) {
        signals.add(signal);
    }

    Report execute() throws RunInterruptedException {
        Machine machine = Machine.current();
        print("=== " + runner.name() + ": " + tasks.size() + (tasks.size() == 1 ? " task ===" : " tasks ==="));
        long startNanos = System.nanoTime();
        startMicros = clock.toMicros(startNanos);
        deadlineNanos = startNanos + runner.timeout().toNanos();
        deadlineMicros = clock.toMicros(deadlineNanos);
        Engine engine = switch (runner.mode()) {
            case SEQUENTIAL -> null;
            case PROCESSES -> new ProcessEngine(this);
            default -> new ThreadEngine(this, runner.mode(), runner.poolSize());
        };
        Outcome outcome;
        List<String> leftovers = List.of();
        boolean cleaned = false;
        try {
            try {
                outcome = engine == null ? runInline() : drain(engine);
            } catch (InterruptedException e) {
                outcome = Outcome.INTERRUPTED;
            }
            if (engine != null) {
                if (outcome != Outcome.COMPLETE) {
                    cancelStatus = outcome == Outcome.INTERRUPTED ? Event.Status.INTERRUPTED : Event.Status.TIMED_OUT;
                    engine.cancel();
                }
                try {
                    engine.awaitGone(CLEANUP);
                } catch (InterruptedException e) {
                    // interrupted again while cleaning up: stop waiting, kill the rest, report the interrupt
                    if (outcome == Outcome.COMPLETE) {
                        cancelStatus = Event.Status.INTERRUPTED;
                    }
                    outcome = Outcome.INTERRUPTED;
                    engine.cancel();
                }
                Signal s;
                while ((s = signals.poll()) != null) {
                    handle(s);
                }
                leftovers = engine.leftovers();
            }
            cleaned = true;
        } finally {
            if (engine != null) {
                if (!cleaned) {
                    engine.cancel(); // an asynchronous exception (a hard stop) is on its way up: kill, do not wait
                }
                engine.close();
            }
        }
        long endMicros = clock.nowMicros();
        List<String> notStarted = finishOpenTasks(endMicros, outcome);
        if (unlisted > 0) {
            print("(live lines of " + unlisted + " more tasks not shown; Limits.MAX_LISTED_TASKS = " + Limits.MAX_LISTED_TASKS + ")");
        }
        Report report = Report.of(runner.name(), startMicros, Math.max(startMicros, endMicros), machine,
                new ArrayList<>(events.values()), problems);
        if (outcome == Outcome.INTERRUPTED) {
            String what = runner.name() + " run interrupted after " + Text.seconds(endMicros - startMicros) + ": "
                    + stoppedText(Event.Status.INTERRUPTED, notStarted)
                    + (leftovers.isEmpty() ? "; nothing left running" : "; still running: " + String.join(", ", leftovers));
            print(what);
            throw new RunInterruptedException(what, report);
        }
        boolean timedOut = events.values().stream().anyMatch(e -> e.status() == Event.Status.TIMED_OUT);
        if (timedOut || !notStarted.isEmpty()) {
            print("Time bound of " + Text.seconds(runner.timeout().toNanos() / 1_000L) + " reached: "
                    + stoppedText(Event.Status.TIMED_OUT, notStarted));
        }
        if (out != null) {
            if (richSummary) {
                Display.display(report);
            } else {
                out.println(report);
                out.flush();
            }
        }
        return report;
    }

    private String stoppedText(Event.Status status, List<String> notStarted) {
        List<String> stopped = tasks.stream().map(Task::name).filter(n -> events.containsKey(n) && events.get(n).status() == status)
                .toList();
        String s = stopped.isEmpty() ? "no task was running" : "stopped " + names(stopped);
        return notStarted.isEmpty() ? s : s + "; not started: " + names(notStarted);
    }

    private static String names(List<String> names) {
        if (names.size() <= Limits.MAX_LISTED_TASKS) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, Limits.MAX_LISTED_TASKS)) + " and " + (names.size() - Limits.MAX_LISTED_TASKS)
                + " more";
    }

    /** Sequential: the tasks run right here, in the calling thread. */
    private Outcome runInline() throws InterruptedException {
        for (Task task : tasks) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                return Outcome.COMPLETE; // the rest are reported as not started
            }
            long submitted = clock.nowMicros();
            Event e = Work.run(task, clock, submitted, deadlineNanos,
                    (t, pid, thread, start) -> handle(new Signal.Started(t, pid, thread, start)));
            handle(new Signal.Finished(e));
            if (e.status() == Event.Status.INTERRUPTED) {
                throw new InterruptedException();
            }
        }
        return Outcome.COMPLETE;
    }

    /** Threads and processes: start them, then print and record what they say until all are done or time is up. */
    private Outcome drain(Engine engine) throws InterruptedException {
        remaining = tasks.size();
        engine.start();
        while (remaining > 0) {
            long left = deadlineNanos + GRACE_NANOS - System.nanoTime();
            if (left <= 0) {
                return Outcome.TIMED_OUT;
            }
            Signal s = signals.poll(left, TimeUnit.NANOSECONDS);
            if (s != null) {
                handle(s);
            }
        }
        return Outcome.COMPLETE;
    }

    private void handle(Signal signal) {
        switch (signal) {
            case Signal.Started s -> {
                String name = s.task().name();
                if (started.putIfAbsent(name, s) != null) {
                    return;
                }
                if (listed.size() < Limits.MAX_LISTED_TASKS) {
                    listed.add(name);
                    print("Task " + name + " starting  pid=" + s.pid() + "  thread=" + s.thread());
                } else {
                    unlisted++;
                }
            }
            case Signal.Finished f -> {
                if (events.putIfAbsent(f.event().name(), f.event()) == null) {
                    remaining--;
                    printEnd(f.event());
                }
            }
            case Signal.Crashed c -> {
                if (!events.containsKey(c.task().name())) {
                    Event e = synthesize(c.task(), Event.Status.FAILED, "the worker thread died: " + c.why(), Work.pid(),
                            clock.nowMicros());
                    events.put(e.name(), e);
                    remaining--;
                    printEnd(e);
                }
            }
            case Signal.Reported r -> {
                if (reported.putIfAbsent(r.event().name(), r.event()) == null) {
                    printEnd(r.event());
                }
            }
            case Signal.Output o -> print("[" + o.task().name() + (o.stderr() ? " stderr] " : "] ") + o.text());
            case Signal.Problem p -> {
                String line = "Task " + p.task().name() + ": " + p.text();
                problems.add(line);
                print(line);
            }
            case Signal.Exited x -> {
                String name = x.task().name();
                if (events.containsKey(name)) {
                    return;
                }
                remaining--;
                Event e = reported.get(name);
                if (e != null) {
                    // the child exits 0 when its task ended well, 1 when not; anything else after a report is odd
                    int expected = e.ok() ? 0 : 1;
                    if (!x.exit().destroyed() && (x.exit().code() != expected || !x.exit().failure().isEmpty())) {
                        handle(new Signal.Problem(x.task(), "its child JVM " + x.exit().describe() + " after reporting the task"));
                    }
                } else {
                    Event.Status status;
                    String why;
                    if (x.exit().watchdogKilled()) {
                        status = Event.Status.TIMED_OUT;
                        why = "child JVM killed by its watchdog at the run's time bound (" + x.exit().describe() + ")";
                    } else if (x.exit().destroyed()) {
                        status = cancelStatus;
                        why = "child JVM stopped by the parent (" + x.exit().describe() + ")";
                    } else {
                        status = Event.Status.FAILED;
                        why = "child JVM " + x.exit().describe() + " before reporting the task";
                    }
                    e = synthesize(x.task(), status, why, x.pid(), x.whenMicros());
                    printEnd(e);
                }
                events.put(name, e);
            }
        }
    }

    /** An event for a task that could not report its own: what the parent saw. */
    private Event synthesize(Task task, Event.Status status, String why, long pid, long endMicros) {
        Signal.Started s = started.get(task.name());
        long start = s != null ? s.startMicros() : startMicros;
        long p = s != null ? s.pid() : pid > 0 ? pid : -1;
        long parent = p < 0 ? -1 : p == Work.pid() ? Work.parentPid() : Work.pid();
        return new Event(task, p, parent, s != null ? s.thread() : "?", Math.min(startMicros, start), start,
                Math.max(start, endMicros), -1, status, why);
    }

    /** After cleanup: events for tasks that started but never ended; returns the names of tasks that never started. */
    private List<String> finishOpenTasks(long endMicros, Outcome outcome) {
        Event.Status status = outcome == Outcome.INTERRUPTED ? Event.Status.INTERRUPTED
                : outcome == Outcome.TIMED_OUT ? Event.Status.TIMED_OUT : Event.Status.FAILED;
        List<String> notStarted = new ArrayList<>();
        for (Task task : tasks) {
            String name = task.name();
            if (events.containsKey(name)) {
                continue;
            }
            Event r = reported.get(name);
            if (r != null) {
                events.put(name, r);
            } else if (started.containsKey(name)) {
                Event e = synthesize(task, status, status == Event.Status.FAILED ? "ended without a report" : "stopped by the parent",
                        -1, endMicros);
                events.put(name, e);
                printEnd(e);
            } else {
                notStarted.add(name);
            }
        }
        if (!notStarted.isEmpty()) {
            problems.add("not started (" + (outcome == Outcome.INTERRUPTED ? "the run was interrupted"
                    : "the run's time bound was reached") + "): " + names(notStarted));
        }
        return notStarted;
    }

    private void printEnd(Event e) {
        if (!listed.contains(e.name()) && e.ok()) {
            return;
        }
        print("Task " + e.name() + " " + e.status().words() + "  " + Text.seconds(e.endMicros() - e.startMicros()) + "  pid="
                + (e.pid() < 0 ? "?" : Long.toString(e.pid())) + "  thread=" + e.thread() + (e.ok() ? "" : "  " + e.result()));
    }

    private void print(String line) {
        if (out != null) {
            out.println(line);
            out.flush();
        }
    }
}
