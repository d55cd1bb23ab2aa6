package ptlab.run;

import ptlab.task.Event;
import ptlab.task.Schedule;
import ptlab.task.Task;

/** What workers and child readers tell the calling thread during a run (through {@link Context}). */
sealed interface Signal {

    /** The task started (a live "starting" line). */
    record Started(Task task, long pid, String thread, long startMicros) implements Signal {
    }

    /** The task ended in a thread of this JVM; its event is final. */
    record Finished(Event event) implements Signal {
    }

    /** How the scheduler treated a task's thread, noted by the thread itself. */
    record Scheduled(Schedule schedule) implements Signal {
    }

    /** A worker thread died of an unexpected throwable before it could finish the task's event. */
    record Crashed(Task task, String why) implements Signal {
    }

    /** A child process reported the task's event; final once the child has {@link Exited}. */
    record Reported(Event event) implements Signal {
    }

    /** A line of a child's ordinary output. */
    record Output(String label, String text, boolean stderr) implements Signal {
    }

    /** Something went wrong that is not a task's end: shown as a line and kept in the report. */
    record Problem(String who, String text) implements Signal {
    }

    /** The task's child process is gone and all its output was delivered before this. */
    record Exited(Task task, Context.Gone how, String why, long pid, long whenMicros) implements Signal {
    }
}
