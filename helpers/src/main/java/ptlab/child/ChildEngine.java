package ptlab.child;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;
import ptlab.run.Context;
import ptlab.run.Engine;
import ptlab.task.Task;

/**
 * The engine of runs in child processes, through {@link ChildProcess} (no shell, the minimal
 * {@link JavaCommand#environment()}, piped output, a watchdog {@value #WATCHDOG_SLACK_MILLIS} ms after the run's time
 * bound): either one child per task ({@code Runner.processes()}) or one child for all the run's tasks (a child JVM on
 * threads, CPython). What a child prints reaches the run through {@code ChildLines}.
 */
public final class ChildEngine implements Engine {

    /** The watchdog fires this long after the run's time bound (the child stops its tasks at the bound itself). */
    public static final long WATCHDOG_SLACK_MILLIS = 500;

    /** Builds a child's command line once the run's times are known. */
    @FunctionalInterface
    public interface Command {
        /**
         * The command line (program first, no shell).
         *
         * @param tasks           the tasks this child does
         * @param submittedMicros when the child is launched (epoch µs), to pass on as the tasks' submitted time
         * @param deadlineMicros  when the run's time bound passes (epoch µs)
         */
        List<String> build(List<Task> tasks, long submittedMicros, long deadlineMicros);
    }

    private final String label;
    private final String child;
    private final Command command;
    private final List<ChildProcess> children = new ArrayList<>();
    private volatile ChildLines lines;
    private volatile List<String> lastCommand = List.of();

    private ChildEngine(String label, String child, Command command) {
        this.label = label;
        this.child = child;
        this.command = command;
    }

    /**
     * One child per task, all started at once.
     *
     * @param child what a child is, for lines and results, e.g. {@code child JVM}
     */
    public static ChildEngine perTask(String child, Command command) {
        return new ChildEngine(null, child, command);
    }

    /**
     * One child that does all the run's tasks.
     *
     * @param label a short name for the child's output and problem lines, e.g. {@code child}
     * @param child what the child is, for lines and results, e.g. {@code child JVM}
     */
    public static ChildEngine oneChild(String label, String child, Command command) {
        return new ChildEngine(label, child, command);
    }

    @Override
    public void start(Context context) {
        if (label != null) {
            ChildLines l = ChildLines.ofRun(context, label, child);
            lines = l;
            launch(context, label, context.tasks(), l);
            return;
        }
        for (Task task : context.tasks()) {
            launch(context, task.name(), List.of(task), ChildLines.ofTask(context, task, child));
        }
    }

    private void launch(Context context, String name, List<Task> tasks, ChildLines listener) {
        List<String> cmd = List.copyOf(command.build(tasks, context.clock().nowMicros(), context.deadlineMicros()));
        lastCommand = cmd;
        Duration watchdog = Duration.ofNanos(Math.max(1_000_000L,
                context.deadlineNanos() - System.nanoTime() + WATCHDOG_SLACK_MILLIS * 1_000_000L));
        ChildProcess c = ChildProcess.start(name, cmd, JavaCommand.environment(), watchdog, listener);
        listener.attach(c);
        children.add(c);
    }

    /** The PID of the (first) child, or -1 when none started. */
    public long pid() {
        return children.isEmpty() ? -1 : children.get(0).pid();
    }

    /** The fields of a {@link #oneChild} child's {@code hello} line; empty when it said none. */
    public Map<String, String> hello() {
        ChildLines l = lines;
        return l == null ? Map.of() : l.hello();
    }

    /** The command line of the child started last; empty before the run. */
    public List<String> command() {
        return lastCommand;
    }

    @Override
    public void cancel() {
        for (ChildProcess c : children) {
            c.destroy();
        }
    }

    @Override
    public boolean awaitGone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (ChildProcess c : children) {
            all &= c.awaitGone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return all;
    }

    @Override
    public List<String> leftovers() {
        List<String> alive = new ArrayList<>();
        for (ChildProcess c : children) {
            if (!c.isDone()) {
                alive.add("process " + (c.pid() < 0 ? "(starting)" : Long.toString(c.pid())));
            }
        }
        return alive;
    }

    @Override
    public void close() {
        for (ChildProcess c : children) {
            c.closeStdin();
        }
    }
}
