package ptlab.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import ptlab.display.Display;
import ptlab.internal.Checks;
import ptlab.internal.Clock;
import ptlab.internal.Text;
import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Machine;
import ptlab.task.Report;
import ptlab.task.RunInterruptedException;
import ptlab.task.Schedule;
import ptlab.task.Task;

/**
 * The one run loop of every runner ({@code ptlab.Runner}, {@code ChildJvm}, {@code PythonRunner}): starts the tasks
 * through an {@link Engine}, and in the calling thread drains what its workers and child readers send through the
 * {@link Context}, prints the live lines, enforces the time bound, handles interrupts, cleans up and builds the
 * {@link Report}. What it prints is described on {@code ptlab.Runner}. Not thread-safe: everything but
 * {@link #post(Signal)} runs in the calling thread.
 */
public final class RunLoop {

    /** After the time bound, how long tasks get to report that they stopped before they are killed. */
    private static final long GRACE_NANOS = 1_000_000_000L;

    /** How long the cleanup waits for stopped threads and killed processes to be gone. */
    private static final Duration CLEANUP = Duration.ofSeconds(2);

    /** The ways the calling thread's loop can end. */
    private enum Outcome {
        COMPLETE, TIMED_OUT, INTERRUPTED
    }

    private final String name;
    final List<Task> tasks;
    private final Duration timeout;
    final Clock clock = Clock.anchorNow();
    private final PrintStream out;
    private final boolean richSummary;
    private final Engine engine;
    private final Thread owner = Thread.currentThread();
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();

    private long startMicros;
    long deadlineNanos;

    private final Map<String, Signal.Started> started = new HashMap<>();
    private final Map<String, Event> events = new LinkedHashMap<>();
    private final Map<String, Event> reported = new HashMap<>();
    private final Map<String, Schedule> schedules = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<String> listed = new HashSet<>();
    private int unlisted;
    private int remaining;
    private Event.Status cancelStatus = Event.Status.FAILED;

    private RunLoop(String name, List<Task> tasks, Duration timeout, PrintStream out, boolean richSummary, Engine engine) {
        this.name = name;
        this.tasks = tasks;
        this.timeout = timeout;
        this.out = out;
        this.richSummary = richSummary;
        this.engine = engine;
    }

    /**
     * Runs the tasks through the engine, in and from the calling thread.
     *
     * @param name    the runner's name, for the first line and the report, e.g. {@code threads}
     * @param tasks   the tasks, checked with {@link #check}
     * @param timeout the run's time bound
     * @param quiet   true to print nothing (the report is still returned)
     * @param output  where to print the live lines and the summary as text, or null for {@link System#out} with the
     *                summary shown by {@code display(...)} (an HTML table in a notebook)
     * @param engine  starts and stops the workers
     * @return the report of the run (also shown, unless {@code quiet})
     * @throws RunInterruptedException if the calling thread is interrupted; everything the run started is gone
     */
    public static Report run(String name, List<Task> tasks, Duration timeout, boolean quiet, PrintStream output,
                             Engine engine) throws RunInterruptedException {
        Checks.notNull(name, "name");
        Checks.nonEmptyList(tasks, "tasks", Limits.MAX_TASKS, "tasks per run", "Limits.MAX_TASKS");
        Checks.positiveDuration(timeout, Limits.MAX_RUN_TIME, "timeout");
        Checks.notNull(engine, "engine");
        return new RunLoop(name, List.copyOf(tasks), timeout, out(quiet, output), output == null, engine).execute();
    }

    /** Where a runner prints: nowhere (null) when {@code quiet}, else {@code output}, or {@link System#out} when null. */
    public static PrintStream out(boolean quiet, PrintStream output) {
        return quiet ? null : output != null ? output : System.out;
    }

    /**
     * The one check of a task list, before anything starts: 1 to {@code cap} tasks, distinct names, and no more
     * waiting (I/O tasks) than fits in the time bound when {@code atOnce} tasks run at the same time.
     *
     * @param tasks    the tasks, not null
     * @param cap      the most tasks allowed
     * @param what     what the cap counts, e.g. {@code tasks for threads() (one platform thread each)}
     * @param constant the constant that holds the cap, e.g. {@code Limits.MAX_PLATFORM_THREADS}
     * @param atOnce   how many tasks run at the same time: 1 for one after the other, the pool's size, or
     *                 {@link Integer#MAX_VALUE} for all at once
     * @param timeout  the runner's time bound
     * @param runner   the runner's name, for the message
     * @return the tasks, as an unmodifiable list
     */
    public static List<Task> check(List<Task> tasks, int cap, String what, String constant, int atOnce, Duration timeout,
                                   String runner) {
        List<Task> list = Checks.nonEmptyList(tasks, "tasks", cap, what, constant);
        Set<String> names = new HashSet<>();
        long sum = 0;
        long max = 0;
        for (Task t : list) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("tasks: two tasks are named \"" + t.name()
                        + "\"; allowed: distinct names (they name threads and table rows)");
            }
            if (t.kind() == Task.Kind.IO) {
                sum += t.size();
                max = Math.max(max, t.size());
            }
        }
        long need = Math.max(max, sum / Math.min(Math.max(1, atOnce), list.size()));
        long bound = timeout.toNanos() / 1_000L;
        if (need > bound) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "tasks: their waiting alone takes at least %s with %s, over this runner's time bound of %s; allowed: "
                            + "at most %s of waiting (Limits.MAX_RUN_TIME, or timeout(...))",
                    Text.seconds(need), runner, Text.seconds(bound), Text.seconds(bound)));
        }
        return list;
    }

    /** Called by workers and readers, from any thread; handled at once when called from the calling thread. */
    void post(Signal signal) {
        if (Thread.currentThread() == owner) {
            handle(signal);
        } else {
            signals.add(signal);
        }
    }

    private Report execute() throws RunInterruptedException {
        Machine machine = Machine.current();
        print("=== " + name + ": " + tasks.size() + (tasks.size() == 1 ? " task ===" : " tasks ==="));
        long startNanos = System.nanoTime();
        startMicros = clock.toMicros(startNanos);
        deadlineNanos = startNanos + timeout.toNanos();
        Outcome outcome;
        List<String> leftovers = List.of();
        boolean cleaned = false;
        try {
            try {
                outcome = drain();
            } catch (InterruptedException e) {
                outcome = Outcome.INTERRUPTED;
            }
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
            cleaned = true;
        } finally {
            if (!cleaned) {
                engine.cancel(); // an asynchronous exception (a hard stop) is on its way up: kill, do not wait
            }
            engine.close();
        }
        long endMicros = clock.nowMicros();
        List<String> notStarted = finishOpenTasks(endMicros, outcome);
        if (unlisted > 0) {
            print("(live lines of " + unlisted + " more tasks not shown; Limits.MAX_LISTED_TASKS = " + Limits.MAX_LISTED_TASKS + ")");
        }
        Report report = Report.of(name, startMicros, Math.max(startMicros, endMicros), machine,
                new ArrayList<>(events.values()), problems).withSchedules(new ArrayList<>(schedules.values()));
        if (outcome == Outcome.INTERRUPTED) {
            String what = name + " run interrupted after " + Text.seconds(endMicros - startMicros) + ": "
                    + stoppedText(Event.Status.INTERRUPTED, notStarted)
                    + (leftovers.isEmpty() ? "; nothing left running" : "; still running: " + String.join(", ", leftovers));
            print(what);
            throw new RunInterruptedException(what, report);
        }
        boolean timedOut = events.values().stream().anyMatch(e -> e.status() == Event.Status.TIMED_OUT);
        if (timedOut || !notStarted.isEmpty()) {
            print("Time bound of " + Text.seconds(timeout.toNanos() / 1_000L) + " reached: "
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

    /** Starts the tasks, then prints and records what they say until all are done or time is up. */
    private Outcome drain() throws InterruptedException {
        remaining = tasks.size();
        engine.start(new Context(this));
        if (engine.inCallingThread()) {
            return Outcome.COMPLETE; // done, or out of time: the rest are reported as not started
        }
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
            case Signal.Scheduled s -> schedules.putIfAbsent(s.schedule().task(), s.schedule());
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
            case Signal.Output o -> print("[" + o.label() + (o.stderr() ? " stderr] " : "] ") + o.text());
            case Signal.Problem p -> {
                String line = p.who() + ": " + p.text();
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
                if (e == null) {
                    Event.Status status = switch (x.how()) {
                        case WATCHDOG -> Event.Status.TIMED_OUT;
                        case STOPPED -> cancelStatus;
                        case EXITED -> Event.Status.FAILED;
                    };
                    e = synthesize(x.task(), status, x.why(), x.pid(), x.whenMicros());
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
