package ptlab.child;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ptlab.internal.Text;
import ptlab.process.ChildExit;
import ptlab.process.ChildProcess;
import ptlab.run.Context;
import ptlab.task.Event;
import ptlab.task.Limits;
import ptlab.task.Schedule;
import ptlab.task.Task;

/**
 * Turns what one child process prints into what a run's {@link Context} takes: its {@link Protocol} lines become
 * starts and reported events, its other lines become output (at most {@link Limits#MAX_CHILD_OUTPUT_LINES}), anything
 * odd becomes a problem (at most {@value #MAX_PROBLEMS} shown), and its end becomes an exit for each of its tasks.
 * Used for a child that does one task ({@code Runner.processes()}) and for one that does several (a child JVM on
 * threads, CPython). Called on the child's two reader threads, hence synchronized.
 */
final class ChildLines implements ChildProcess.Listener {

    /** Problems shown per child; more are counted. */
    static final int MAX_PROBLEMS = 10;

    private final Context context;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final String label;
    private final String who;
    private final String child;
    private final String article;
    private final String its;
    private final Map<String, Event> reported = new HashMap<>();
    private final Map<String, Schedule> schedules = new HashMap<>();
    private final Map<String, String> hello = new LinkedHashMap<>();
    private volatile ChildProcess process;
    private int outputLines;
    private long droppedLines;
    private int problems;
    private long droppedProblems;

    private ChildLines(Context context, List<Task> tasks, String label, String who, String child, String article) {
        this.context = context;
        for (Task t : tasks) {
            this.tasks.put(t.name(), t);
        }
        this.label = label;
        this.who = who;
        this.child = child;
        this.article = article;
        this.its = article + " child";
    }

    /**
     * For a child that does one task: output shows as {@code [A] text}, problems as {@code Task A: its child ...}.
     *
     * @param child what the child is, e.g. {@code child JVM}
     */
    public static ChildLines ofTask(Context context, Task task, String child) {
        return new ChildLines(context, List.of(task), task.name(), "Task " + task.name(), child, "its");
    }

    /**
     * For a child that does all the run's tasks: output shows as {@code [label] text}, problems as
     * {@code label: the child ...}.
     *
     * @param label a short name for the child, e.g. {@code child} or {@code python}
     * @param child what the child is, e.g. {@code child JVM}
     */
    public static ChildLines ofRun(Context context, String label, String child) {
        return new ChildLines(context, context.tasks(), label, label, child, "the");
    }

    /** Tells it which process it listens to (for the PID of a child that never reported). */
    public void attach(ChildProcess process) {
        this.process = process;
    }

    /** The fields of the child's {@code hello} line (such as {@code pid}, and what the child added); empty before it. */
    public synchronized Map<String, String> hello() {
        return Map.copyOf(hello);
    }

    @Override
    public synchronized void line(String text, boolean stderr, boolean cut) {
        if (!stderr && Protocol.isProtocolLine(text)) {
            if (cut) {
                problem("a protocol line longer than " + Limits.MAX_LINE_BYTES + " bytes was cut and ignored");
                return;
            }
            switch (Protocol.parse(text)) {
                case Protocol.Hello h -> hello.putAll(h.fields());
                case Protocol.Started s -> {
                    Task task = tasks.get(s.task());
                    if (task == null) {
                        problem(its + " reported a start for another task, \"" + s.task() + "\"; ignored");
                    } else {
                        context.started(task, s.pid(), s.thread(), s.startMicros());
                    }
                }
                case Protocol.Scheduled s -> schedule(s.schedule());
                case Protocol.Finished f -> {
                    Event e = f.event();
                    if (!e.task().equals(tasks.get(e.name()))) {
                        problem(its + " reported an event for another task, " + e.task() + "; ignored");
                    } else if (reported.putIfAbsent(e.name(), e) != null) {
                        problem(its + " reported the task " + e.name() + " twice; the first report counts");
                    } else {
                        Schedule s = schedules.remove(e.name());
                        if (s != null) {
                            context.scheduled(s);
                        }
                        context.reported(e);
                    }
                }
                case Protocol.Malformed m -> problem("malformed protocol line from " + its + " (" + m.reason() + "): "
                        + Text.cut(Protocol.escape(m.line()), 160));
            }
            return;
        }
        if (outputLines < Limits.MAX_CHILD_OUTPUT_LINES) {
            outputLines++;
            context.output(label, cut ? text + " …(cut at " + Limits.MAX_LINE_BYTES + " bytes)" : text, stderr);
        } else {
            droppedLines++;
        }
    }

    /** One {@code sched} line: the first for its task, or more waits for it (in order, same start and end). */
    private void schedule(Schedule s) {
        if (!tasks.containsKey(s.task()) || reported.containsKey(s.task())) {
            problem(its + " reported a schedule for " + (tasks.containsKey(s.task()) ? "the finished task " : "another task, ")
                    + "\"" + s.task() + "\"; ignored");
            return;
        }
        Schedule before = schedules.get(s.task());
        if (before == null) {
            schedules.put(s.task(), s);
            return;
        }
        List<Schedule.Span> waits = new ArrayList<>(before.waiting());
        waits.addAll(s.waiting());
        try {
            schedules.put(s.task(), new Schedule(s.task(), before.startMicros(), before.endMicros(), waits, before.voluntary(),
                    before.involuntary()));
        } catch (IllegalArgumentException x) {
            problem(its + " reported waits out of order for \"" + s.task() + "\"; ignored: " + x.getMessage());
        }
    }

    private void problem(String text) {
        if (problems < MAX_PROBLEMS) {
            problems++;
            context.problem(who, text);
        } else {
            droppedProblems++;
        }
    }

    @Override
    public synchronized void exited(ChildExit exit) {
        if (droppedLines > 0) {
            context.problem(who, its + " printed " + (outputLines + droppedLines) + " lines of output; " + droppedLines
                    + " were not shown (flood; Limits.MAX_CHILD_OUTPUT_LINES = " + Limits.MAX_CHILD_OUTPUT_LINES + ")");
        }
        if (droppedProblems > 0) {
            context.problem(who, droppedProblems + " more problems with " + its + "'s output were not shown");
        }
        if (reported.size() == tasks.size()) {
            // the child exits 0 when its tasks ended well, 1 when one did not; anything else after its reports is odd
            int expected = reported.values().stream().allMatch(Event::ok) ? 0 : 1;
            if (!exit.destroyed() && (exit.code() != expected || !exit.failure().isEmpty())) {
                context.problem(who, article + " " + child + " " + exit.describe() + " after reporting "
                        + (tasks.size() == 1 ? "the task" : "its tasks"));
            }
        }
        Context.Gone how;
        String why;
        if (exit.watchdogKilled()) {
            how = Context.Gone.WATCHDOG;
            why = child + " killed by its watchdog at the run's time bound (" + exit.describe() + ")";
        } else if (exit.destroyed()) {
            how = Context.Gone.STOPPED;
            why = child + " stopped by the parent (" + exit.describe() + ")";
        } else {
            how = Context.Gone.EXITED;
            why = child + " " + exit.describe() + " before reporting the task";
        }
        ChildProcess p = process;
        long when = context.clock().nowMicros();
        for (Task t : new ArrayList<>(tasks.values())) {
            context.gone(t, how, why, p == null ? -1 : p.pid(), when);
        }
    }
}
