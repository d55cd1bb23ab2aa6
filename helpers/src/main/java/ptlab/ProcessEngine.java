package ptlab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ptlab.internal.Text;
import ptlab.internal.Work;
import ptlab.process.Child;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;
import ptlab.process.Protocol;

/** Runs each task in a child JVM of its own ({@link Child}), through {@link ChildProcess}. */
final class ProcessEngine implements Run.Engine {

    /** The watchdog fires this long after the run's time bound (the child stops itself at the bound). */
    private static final long WATCHDOG_SLACK_NANOS = 500_000_000L;

    /** Problems shown per child; more are counted. */
    private static final int MAX_PROBLEMS_PER_CHILD = 10;

    private final Run run;
    private final List<ChildProcess> children = new ArrayList<>();

    ProcessEngine(Run run) {
        this.run = run;
    }

    /**
     * The flags every child JVM of a task of this kind gets (see {@link Runner#processes()}), before the runner's
     * own {@code jvmOptions}.
     */
    static List<String> standardFlags(Task.Kind kind, List<String> jvmOptions) {
        List<String> flags = new ArrayList<>(JavaCommand.standardFlags(jvmOptions));
        if (kind == Task.Kind.IO) {
            flags.add("-XX:TieredStopAtLevel=1");
        }
        return flags;
    }

    /** The child JVM's command line for one task. */
    List<String> command(Task task, long submittedMicros) {
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaCommand.java());
        cmd.addAll(standardFlags(task.kind(), run.runner.jvmOptionsList()));
        if (run.runner.activeProcessorsOption() > 0) {
            cmd.add("-XX:ActiveProcessorCount=" + run.runner.activeProcessorsOption());
        }
        cmd.addAll(run.runner.jvmOptionsList());
        cmd.add("-cp");
        cmd.add(JavaCommand.classPath());
        cmd.add(Child.class.getName());
        cmd.add("--parent");
        cmd.add(Long.toString(Work.pid()));
        cmd.add("--submitted");
        cmd.add(Long.toString(submittedMicros));
        cmd.add("--deadline");
        cmd.add(Long.toString(run.deadlineMicros));
        if (!run.runner.faultOption().isEmpty()) {
            cmd.add("--fault");
            cmd.add(run.runner.faultOption());
        }
        cmd.add(Protocol.taskArgument(task));
        return cmd;
    }

    @Override
    public void start() {
        for (Task task : run.tasks) {
            long submitted = run.clock.nowMicros();
            Duration watchdog = Duration.ofNanos(Math.max(1_000_000L, run.deadlineNanos - System.nanoTime() + WATCHDOG_SLACK_NANOS));
            Listener listener = new Listener(task);
            ChildProcess child = ChildProcess.start(task.name(), command(task, submitted), JavaCommand.environment(), watchdog, listener);
            listener.child = child;
            children.add(child);
        }
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

    /** Turns one child's lines into signals; called on its two reader threads, hence synchronized. */
    private final class Listener implements ChildProcess.Listener {
        private final Task task;
        volatile ChildProcess child;
        private int outputLines;
        private long droppedLines;
        private int problems;
        private long droppedProblems;
        private boolean reportedEvent;

        Listener(Task task) {
            this.task = task;
        }

        @Override
        public synchronized void line(String text, boolean stderr, boolean cut) {
            if (!stderr && Protocol.isProtocolLine(text)) {
                if (cut) {
                    problem("a protocol line longer than " + ptlab.Limits.MAX_LINE_BYTES + " bytes was cut and ignored");
                    return;
                }
                switch (Protocol.parse(text)) {
                    case Protocol.Hello h -> {
                        // the child is up; its PID is known from the process already
                    }
                    case Protocol.Started s -> {
                        if (!s.task().equals(task.name())) {
                            problem("its child reported a start for another task, \"" + s.task() + "\"; ignored");
                        } else {
                            run.post(new Signal.Started(task, s.pid(), s.thread(), s.startMicros()));
                        }
                    }
                    case Protocol.Finished f -> {
                        if (!f.event().task().equals(task)) {
                            problem("its child reported an event for another task, " + f.event().task() + "; ignored");
                        } else if (reportedEvent) {
                            problem("its child reported the task twice; the first report counts");
                        } else {
                            reportedEvent = true;
                            run.post(new Signal.Reported(f.event()));
                        }
                    }
                    case Protocol.Malformed m -> problem("malformed protocol line from its child (" + m.reason() + "): "
                            + Text.cut(Protocol.escape(m.line()), 160));
                }
                return;
            }
            if (outputLines < Limits.MAX_CHILD_OUTPUT_LINES) {
                outputLines++;
                run.post(new Signal.Output(task, cut ? text + " …(cut at " + Limits.MAX_LINE_BYTES + " bytes)" : text, stderr));
            } else {
                droppedLines++;
            }
        }

        private void problem(String text) {
            if (problems < MAX_PROBLEMS_PER_CHILD) {
                problems++;
                run.post(new Signal.Problem(task, text));
            } else {
                droppedProblems++;
            }
        }

        @Override
        public synchronized void exited(ChildProcess.Exit exit) {
            if (droppedLines > 0) {
                run.post(new Signal.Problem(task, "its child printed " + (outputLines + droppedLines) + " lines of output; "
                        + droppedLines + " were not shown (flood; Limits.MAX_CHILD_OUTPUT_LINES = " + Limits.MAX_CHILD_OUTPUT_LINES
                        + ")"));
            }
            if (droppedProblems > 0) {
                run.post(new Signal.Problem(task, droppedProblems + " more problems with its child's output were not shown"));
            }
            ChildProcess c = child;
            run.post(new Signal.Exited(task, exit, c == null ? -1 : c.pid(), run.clock.nowMicros()));
        }
    }
}
