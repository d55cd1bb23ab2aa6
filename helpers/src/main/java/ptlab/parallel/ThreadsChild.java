package ptlab.parallel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ptlab.child.Protocol;
import ptlab.child.TaskChildIo;
import ptlab.internal.Clock;
import ptlab.process.ParentWatch;
import ptlab.run.Work;
import ptlab.task.Event;
import ptlab.task.Task;

/**
 * The main class of the child JVM that {@link ChildJvm} starts: it runs all the tasks named on its command line at
 * once, each on a platform thread of its own named {@code worker-<task name>}, and reports them on stdout in the
 * {@link Protocol} lines. Its {@code hello} line adds what this JVM was given: {@code cpus} (what
 * {@link Runtime#availableProcessors()} says) and {@code allowed} (the CPUs the operating system lets this process run
 * on, {@code Cpus_allowed_list} of {@code /proc/self/status}, or {@code ?}).
 *
 * <pre>
 * java [flags] -cp ptlab-helpers.jar ptlab.parallel.ThreadsChild --parent PID --submitted µs --deadline µs TASK...
 * </pre>
 * {@code TASK} is {@link TaskArgument#format(Task) kind:size:name}. The child exits (status 3) when the parent
 * process is gone or is no longer its parent, and when its stdin reaches end of file ({@link ParentWatch}). Tasks
 * stop at the deadline as timed out. Exit status: 0 when every task ended well, 1 when one did not, 2 for bad
 * arguments, 3 when the parent went away.
 */
final class ThreadsChild {

    private ThreadsChild() {
    }

    /**
     * Runs the child.
     *
     * @param args see the class description
     */
    public static void main(String[] args) throws InterruptedException {
        Clock clock = Clock.anchorNow();
        PrintStream out = TaskChildIo.protocolOut();
        TaskChildIo io = TaskChildIo.parse(args, "threads child", false);
        List<Task> tasks = io.tasks();
        ParentWatch.start(io.parent(), true);
        Work.warmUp();
        long now = clock.nowMicros();
        TaskChildIo.emit(out, Protocol.hello(Work.pid(), Work.parentPid(), now) + "\tcpus=" + Runtime.getRuntime().availableProcessors()
                + "\tallowed=" + Protocol.escape(allowedCpus()));
        long deadlineNanos = io.deadlineNanos(clock);
        long submittedMicros = io.submittedMicros(now);
        List<Thread> threads = new ArrayList<>();
        boolean[] ok = new boolean[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            int index = i;
            threads.add(Thread.ofPlatform().name("worker-" + task.name()).unstarted(() -> {
                Event e = Work.run(task, clock, submittedMicros, deadlineNanos,
                        (t, pid, thread, start) -> TaskChildIo.emit(out, Protocol.started(t.name(), pid, thread, start)),
                        s -> Protocol.schedule(s).forEach(line -> TaskChildIo.emit(out, line)));
                TaskChildIo.emit(out, Protocol.event(e));
                ok[index] = e.ok();
            }));
        }
        for (Thread t : threads) {
            t.start();
        }
        boolean allOk = true;
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).join();
            allOk &= ok[i];
        }
        TaskChildIo.exit(out, allOk ? 0 : 1);
    }

    /** The CPUs this process may run on, from {@code /proc/self/status}, e.g. {@code 0} or {@code 0-1}; {@code ?} if unknown. */
    static String allowedCpus() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (l.startsWith("Cpus_allowed_list:")) {
                    return l.substring("Cpus_allowed_list:".length()).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return "?";
    }
}
