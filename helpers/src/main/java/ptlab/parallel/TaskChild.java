package ptlab.parallel;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import ptlab.Event;
import ptlab.Limits;
import ptlab.Machine;
import ptlab.Report;
import ptlab.Task;
import ptlab.display.Display;
import ptlab.internal.Checks;
import ptlab.internal.Clock;
import ptlab.internal.Text;
import ptlab.internal.Work;
import ptlab.process.ChildProcess;
import ptlab.process.Protocol;

/**
 * Runs one child program that does several tasks and reports them in the {@link Protocol} lines ({@code hello},
 * {@code start}, {@code event}), and turns what it said into a {@link Report}: the shared engine behind
 * {@link ChildJvm} (a child JVM running its tasks on threads) and {@code ptlab.python.Python} (a CPython child).
 *
 * <p>Everything it prints, it prints from the calling thread, as it happens, in the same form as {@code ptlab.Runner}:
 * {@code Task A starting  pid=4121  thread=worker-A}, {@code Task A done  0.412 s  pid=4121  thread=worker-A}, the
 * child's ordinary output as {@code [child] text}, and the report at the end.
 *
 * <p>Bounds: the child gets the run's deadline on its command line and stops its tasks there; its watchdog kills it
 * {@value #WATCHDOG_SLACK_MILLIS} ms later, and the call returns at the latest a second after that. Tasks the child
 * never reported show as failed (or timed out, when the time bound was reached). On an interrupt of the calling
 * thread the child (and everything below it) is killed, this waits until it is gone and throws
 * {@link InterruptedException}; on any other error the child is killed too.
 */
public final class TaskChild {

    /** How long after the run's time bound the child's watchdog kills it. */
    public static final long WATCHDOG_SLACK_MILLIS = 500;

    private static final long GRACE_NANOS = 1_500_000_000L;

    /** Builds a child's command line once the run's times are known. */
    @FunctionalInterface
    public interface Command {
        /**
         * The command line (program first, no shell).
         *
         * @param submittedMicros when the child is launched (epoch µs), to pass on as the tasks' submitted time
         * @param deadlineMicros  when the run's time bound passes (epoch µs)
         */
        List<String> build(long submittedMicros, long deadlineMicros);
    }

    /**
     * What one run gave.
     *
     * @param report the report of the tasks
     * @param pid    the child's process ID, or -1 when it never started
     * @param hello  the fields of the child's {@code hello} line (e.g. {@code pid}, and whatever the child added, such as
     *               {@code cpus}); empty when it said none
     * @param exit   how the child ended
     */
    public record Outcome(Report report, long pid, Map<String, String> hello, ChildProcess.Exit exit) {

        /** Copies the map. */
        public Outcome {
            Checks.notNull(report, "report");
            Checks.notNull(exit, "exit");
            hello = Map.copyOf(hello);
        }
    }

    private TaskChild() {
    }

    /**
     * Runs the child and waits for it; see the class description.
     *
     * @param runner      the runner's name for the report, e.g. {@code CPython threads}
     * @param label       a short label for the child's output lines and thread names, e.g. {@code python}
     * @param tasks       the tasks the child does (already checked: 1 or more, distinct names)
     * @param command     builds the child's command line
     * @param environment the child's whole environment
     * @param timeout     the run's time bound
     * @param out         where to print live lines and the summary, or null for none
     * @param rich        true to show the summary with {@code display(...)} (an HTML table in a notebook), false to print
     *                    its text to {@code out}
     * @throws InterruptedException when the calling thread is interrupted; the child is gone by then
     */
    public static Outcome run(String runner, String label, List<Task> tasks, Command command, Map<String, String> environment,
                              Duration timeout, PrintStream out, boolean rich) throws InterruptedException {
        Checks.notNull(runner, "runner");
        Checks.notNull(label, "label");
        Checks.nonEmptyList(tasks, "tasks", Limits.MAX_TASKS, "tasks", "Limits.MAX_TASKS");
        Checks.notNull(command, "command");
        Checks.notNull(environment, "environment");
        Checks.positiveDuration(timeout, Limits.MAX_RUN_TIME, "timeout");
        return new Session(runner, label, tasks, out, rich).execute(command, environment, timeout);
    }

    /** The fields of a protocol line, unescaped ({@code hello} lines may carry more than {@link Protocol.Hello} keeps). */
    static Map<String, String> fields(String line) {
        Map<String, String> m = new LinkedHashMap<>();
        String[] parts = line.split("\t", -1);
        for (int i = 2; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                try {
                    m.put(parts[i].substring(0, eq), Protocol.unescape(parts[i].substring(eq + 1)));
                } catch (IllegalArgumentException e) {
                    // a bad escape: the field is left out (the line itself parsed, or it is reported as malformed)
                }
            }
        }
        return m;
    }

    /** A line or the end, from the child's threads to the calling thread. */
    private sealed interface Signal {
        record Line(String text, boolean stderr, boolean cut) implements Signal {
        }

        record Exited(ChildProcess.Exit exit, long whenMicros) implements Signal {
        }
    }

    /** One run; everything but the listener runs in the calling thread. */
    private static final class Session {
        private final String runner;
        private final String label;
        private final List<Task> tasks;
        private final PrintStream out;
        private final boolean rich;
        private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        private final Map<String, Task> byName = new LinkedHashMap<>();
        private final Map<String, Protocol.Started> started = new LinkedHashMap<>();
        private final Map<String, Event> events = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final Set<String> listed = new HashSet<>();
        private final Map<String, String> hello = new LinkedHashMap<>();
        private final Clock clock = Clock.anchorNow();
        private int outputLines;
        private long droppedLines;

        Session(String runner, String label, List<Task> tasks, PrintStream out, boolean rich) {
            this.runner = runner;
            this.label = label;
            this.tasks = tasks;
            this.out = out;
            this.rich = rich;
            for (Task t : tasks) {
                byName.put(t.name(), t);
            }
        }

        Outcome execute(Command command, Map<String, String> environment, Duration timeout) throws InterruptedException {
            Machine machine = Machine.current();
            print("=== " + runner + ": " + tasks.size() + (tasks.size() == 1 ? " task ===" : " tasks ==="));
            long startNanos = System.nanoTime();
            long startMicros = clock.toMicros(startNanos);
            long deadlineNanos = startNanos + timeout.toNanos();
            long deadlineMicros = clock.toMicros(deadlineNanos);
            List<String> cmd = List.copyOf(command.build(clock.nowMicros(), deadlineMicros));
            ChildProcess child = ChildProcess.start(label, cmd, environment,
                    timeout.plusMillis(WATCHDOG_SLACK_MILLIS), new ChildProcess.Listener() {
                        @Override
                        public void line(String text, boolean stderr, boolean cut) {
                            signals.add(new Signal.Line(text, stderr, cut));
                        }

                        @Override
                        public void exited(ChildProcess.Exit exit) {
                            signals.add(new Signal.Exited(exit, clock.nowMicros()));
                        }
                    });
            ChildProcess.Exit exit = null;
            long exitMicros = 0;
            boolean done = false;
            try {
                try {
                    long limitNanos = deadlineNanos + WATCHDOG_SLACK_MILLIS * 1_000_000L + GRACE_NANOS;
                    boolean killed = false;
                    while (exit == null) {
                        long left = limitNanos - System.nanoTime();
                        if (left <= 0) {
                            if (killed) {
                                exit = new ChildProcess.Exit(-1, false, true, "");
                                exitMicros = clock.nowMicros();
                                break;
                            }
                            problems.add("the child did not end by its time bound; killed");
                            child.destroy();
                            killed = true;
                            limitNanos = System.nanoTime() + 2_000_000_000L;
                            continue;
                        }
                        Signal s = signals.poll(left, TimeUnit.NANOSECONDS);
                        if (s instanceof Signal.Line l) {
                            line(l);
                        } else if (s instanceof Signal.Exited x) {
                            exit = x.exit();
                            exitMicros = x.whenMicros();
                        }
                    }
                } catch (InterruptedException e) {
                    child.destroy();
                    boolean gone = awaitGoneUninterruptibly(child);
                    long end = clock.nowMicros();
                    finishOpen(end, Event.Status.INTERRUPTED, "stopped when the run was interrupted", child.pid());
                    String what = runner + " run interrupted after " + Text.seconds(end - startMicros) + ": killed its child"
                            + (child.pid() > 0 ? " (pid " + child.pid() + ")" : "")
                            + (gone ? "; nothing left running" : "; the child may still be ending");
                    print(what);
                    done = true;
                    throw new InterruptedException(what);
                }
                child.awaitGone(Duration.ofSeconds(2));
                done = true;
            } finally {
                if (!done) {
                    child.destroy(); // an error or a hard stop is on its way up: kill, do not wait
                }
                child.closeStdin();
            }
            if (droppedLines > 0) {
                problems.add("the child printed " + (outputLines + droppedLines) + " lines of output; " + droppedLines
                        + " were not shown (Limits.MAX_CHILD_OUTPUT_LINES = " + Limits.MAX_CHILD_OUTPUT_LINES + ")");
            }
            boolean pastBound = exit.watchdogKilled() || System.nanoTime() - deadlineNanos >= 0;
            boolean missing = events.size() < tasks.size();
            if (missing) {
                finishOpen(exitMicros, pastBound ? Event.Status.TIMED_OUT : Event.Status.FAILED,
                        "the child " + exit.describe() + " before reporting the task", child.pid());
            } else if (!exit.failure().isEmpty() || exit.code() != (events.values().stream().allMatch(Event::ok) ? 0 : 1)) {
                problems.add("the child " + exit.describe() + " after reporting its tasks");
            }
            long endMicros = Math.max(startMicros, clock.nowMicros());
            Report report = Report.of(runner, startMicros, endMicros, machine, orderedEvents(), problems);
            if (out != null) {
                if (rich) {
                    Display.display(report);
                } else {
                    out.println(report);
                    out.flush();
                }
            }
            return new Outcome(report, child.pid(), hello, exit);
        }

        private static boolean awaitGoneUninterruptibly(ChildProcess child) {
            boolean interrupted = false;
            long deadline = System.nanoTime() + 2_000_000_000L;
            try {
                while (true) {
                    try {
                        return child.awaitGone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    } catch (InterruptedException again) {
                        interrupted = true;
                        child.destroy();
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private List<Event> orderedEvents() {
            List<Event> list = new ArrayList<>();
            for (Task t : tasks) {
                Event e = events.get(t.name());
                if (e != null) {
                    list.add(e);
                }
            }
            return list;
        }

        private void line(Signal.Line l) {
            String text = l.text();
            if (!l.stderr() && Protocol.isProtocolLine(text)) {
                if (l.cut()) {
                    problem("a protocol line longer than " + Limits.MAX_LINE_BYTES + " bytes was cut and ignored");
                    return;
                }
                switch (Protocol.parse(text)) {
                    case Protocol.Hello h -> hello.putAll(fields(text));
                    case Protocol.Started s -> {
                        if (!byName.containsKey(s.task())) {
                            problem("the child reported a start for an unknown task, \"" + s.task() + "\"; ignored");
                        } else if (started.putIfAbsent(s.task(), s) == null) {
                            if (listed.size() < Limits.MAX_LISTED_TASKS) {
                                listed.add(s.task());
                                print("Task " + s.task() + " starting  pid=" + s.pid() + "  thread=" + s.thread());
                            }
                        }
                    }
                    case Protocol.Finished f -> {
                        Event e = f.event();
                        Task expected = byName.get(e.name());
                        if (expected == null || !expected.equals(e.task())) {
                            problem("the child reported an event for an unknown task, " + e.task() + "; ignored");
                        } else if (events.putIfAbsent(e.name(), e) != null) {
                            problem("the child reported the task " + e.name() + " twice; the first report counts");
                        } else {
                            printEnd(e);
                        }
                    }
                    case Protocol.Malformed m -> problem("malformed protocol line from the child (" + m.reason() + "): "
                            + Text.cut(Protocol.escape(m.line()), 160));
                }
                return;
            }
            if (outputLines < Limits.MAX_CHILD_OUTPUT_LINES) {
                outputLines++;
                print("[" + label + (l.stderr() ? " stderr] " : "] ") + text + (l.cut() ? " …(cut)" : ""));
            } else {
                droppedLines++;
            }
        }

        private void problem(String text) {
            if (problems.size() < 20) {
                problems.add(text);
                print(label + ": " + text);
            }
        }

        /** Events for the tasks the child never reported. */
        private void finishOpen(long endMicros, Event.Status status, String why, long childPid) {
            for (Task t : tasks) {
                if (events.containsKey(t.name())) {
                    continue;
                }
                Protocol.Started s = started.get(t.name());
                long start = s != null ? Math.min(s.startMicros(), endMicros) : endMicros;
                long pid = s != null ? s.pid() : childPid > 0 ? childPid : -1;
                Event e = new Event(t, pid, pid < 0 ? -1 : pid == childPid ? Work.pid() : childPid,
                        s != null ? s.thread() : "?", start, start, Math.max(start, endMicros), -1, status,
                        s != null ? why : why.replace("before reporting", "before starting"));
                events.put(t.name(), e);
                printEnd(e);
            }
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
}
