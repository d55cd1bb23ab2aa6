package ptlab.run;

import java.util.List;

import ptlab.internal.Clock;
import ptlab.task.Event;
import ptlab.task.Schedule;
import ptlab.task.Task;

/**
 * What an {@link Engine} sees of its run: the tasks, the run's clock and deadline, and a sink for what happens. The
 * sink methods may be called from any thread; the {@link RunLoop} prints and records in the calling thread.
 */
public final class Context {

    private final RunLoop loop;

    Context(RunLoop loop) {
        this.loop = loop;
    }

    /** The run's tasks (checked: one or more, distinct names). */
    public List<Task> tasks() {
        return loop.tasks;
    }

    /** The run's clock: epoch microseconds from {@link System#nanoTime()}. */
    public Clock clock() {
        return loop.clock;
    }

    /** When the run's time bound passes, on the {@link System#nanoTime()} scale. */
    public long deadlineNanos() {
        return loop.deadlineNanos;
    }

    /** When the run's time bound passes, in epoch microseconds (for a child's command line). */
    public long deadlineMicros() {
        return loop.clock.toMicros(loop.deadlineNanos);
    }

    /** A task started (a live "starting" line). */
    public void started(Task task, long pid, String thread, long startMicros) {
        loop.post(new Signal.Started(task, pid, thread, startMicros));
    }

    /** A task ended in a thread of this JVM; its event is final. */
    public void finished(Event event) {
        loop.post(new Signal.Finished(event));
    }

    /** How the scheduler treated a task's thread (its time off the CPU, its context switches). */
    public void scheduled(Schedule schedule) {
        loop.post(new Signal.Scheduled(schedule));
    }

    /** A worker thread died of an unexpected throwable before it could finish the task's event. */
    public void crashed(Task task, String why) {
        loop.post(new Signal.Crashed(task, why));
    }

    /** A child process reported the task's event; final once the child is {@link #gone gone}. */
    public void reported(Event event) {
        loop.post(new Signal.Reported(event));
    }

    /**
     * A line of a child's ordinary output, shown as {@code [label] text} or {@code [label stderr] text}.
     *
     * @param label the task's name, or a name for a child that does several tasks
     */
    public void output(String label, String text, boolean stderr) {
        loop.post(new Signal.Output(label, text, stderr));
    }

    /**
     * Something went wrong that is not a task's end: shown as {@code who: text} and kept in the report.
     *
     * @param who e.g. {@code Task A}, or {@code child} for a child that does several tasks
     */
    public void problem(String who, String text) {
        loop.post(new Signal.Problem(who, text));
    }

    /** How a task's child process ended. */
    public enum Gone {
        /** Killed by its watchdog at the run's time bound: the task, if unreported, timed out. */
        WATCHDOG,
        /** Stopped by the parent (on a time-out or an interrupt): the task, if unreported, is stopped as the run is. */
        STOPPED,
        /** Ended by itself: the task, if unreported, failed. */
        EXITED
    }

    /**
     * The task's child process is gone and all its output was delivered before this: its reported event is final,
     * or, if it reported none, the task ends as {@code how} says.
     *
     * @param why the task's result when it reported none, e.g. {@code child JVM exited with status 13 before reporting
     *            the task}
     * @param pid the child's PID, or -1 when unknown
     */
    public void gone(Task task, Gone how, String why, long pid, long whenMicros) {
        loop.post(new Signal.Exited(task, how, why, pid, whenMicros));
    }
}
