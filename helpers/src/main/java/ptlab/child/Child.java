package ptlab.child;

import java.io.PrintStream;

import ptlab.internal.Clock;
import ptlab.process.ParentWatch;
import ptlab.run.Work;
import ptlab.task.Event;
import ptlab.task.Task;

/**
 * The main class of a child JVM started by {@code Runner.processes()}: it does the tasks named on its command line,
 * one after the other in its main thread, and reports each on stdout in the {@link Protocol} line format.
 *
 * <pre>
 * java [flags] -cp ptlab-helpers.jar ptlab.child.Child --parent PID --submitted µs --deadline µs TASK...
 * </pre>
 * <ul>
 * <li>{@code --parent PID}: the parent's process ID. The child exits (status 3) within a quarter of a second when
 * that process is gone or it is no longer the child's parent;</li>
 * <li>the child also exits (status 3) when its stdin reaches end of file: the parent keeps it open for the run;</li>
 * <li>{@code --submitted µs}: when the parent launched it (epoch µs), reported as the tasks' submitted time;</li>
 * <li>{@code --deadline µs}: when the run's time bound passes (epoch µs); tasks stop there as timed out;</li>
 * <li>{@code TASK}: {@link TaskArgument#format(Task) kind:size:name};</li>
 * <li>{@code --fault F}: misbehave on purpose, for tests of the parent: {@code crash} (halt with status 13 after
 * starting the task), {@code hang} (never finish), {@code flood} (print 200,000 lines and a 1 MB line first),
 * {@code malformed} (print broken protocol lines first), {@code stderr} (print to stderr too), {@code silent}
 * (exit 0 without reporting), {@code exit:N} (exit with status N after reporting).</li>
 * </ul>
 * Exit status: 0 when every task ended well, 1 when one did not, 2 for bad arguments, 3 when the parent went away.
 */
final class Child {

    private Child() {
    }

    /**
     * Runs the child.
     *
     * @param args see the class description
     */
    public static void main(String[] args) {
        Clock clock = Clock.anchorNow();
        PrintStream out = TaskChildIo.protocolOut();
        TaskChildIo io = TaskChildIo.parse(args, "child", true);
        String fault = io.fault();
        ParentWatch.start(io.parent(), true);
        long now = clock.nowMicros();
        TaskChildIo.emit(out, Protocol.hello(Work.pid(), Work.parentPid(), now));
        long deadlineNanos = io.deadlineNanos(clock);
        long submittedMicros = io.submittedMicros(now);
        boolean allOk = true;
        for (Task task : io.tasks()) {
            String f = fault;
            Event e = Work.run(task, clock, submittedMicros, deadlineNanos, (t, pid, thread, start) -> {
                TaskChildIo.emit(out, Protocol.started(t.name(), pid, thread, start));
                misbehave(f, out);
            }, s -> Protocol.schedule(s).forEach(line -> TaskChildIo.emit(out, line)));
            if (fault.equals("silent")) {
                TaskChildIo.exit(out, 0);
            }
            TaskChildIo.emit(out, Protocol.event(e));
            allOk &= e.ok();
        }
        TaskChildIo.exit(out, fault.startsWith("exit:") ? Integer.parseInt(fault.substring(5)) : allOk ? 0 : 1);
    }

    /** Test faults; see the class description. */
    private static void misbehave(String fault, PrintStream out) {
        switch (fault) {
            case "crash" -> {
                out.flush();
                Runtime.getRuntime().halt(13);
            }
            case "hang" -> {
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // keep hanging: only a kill ends this
                    }
                }
            }
            case "flood" -> {
                for (int i = 0; i < 200_000; i++) {
                    out.print("flood line " + i + "\n");
                }
                out.print("x".repeat(1 << 20));
                out.print('\n');
                out.flush();
            }
            case "malformed" -> {
                TaskChildIo.emit(out, Protocol.PREFIX + "\tevent\ttask=A");
                TaskChildIo.emit(out, Protocol.PREFIX + "\tstart\ttask=A\tpid=notanumber\tthread=main\ttime=1");
                TaskChildIo.emit(out, "@ptlab/9\thello\tpid=1");
                TaskChildIo.emit(out, Protocol.PREFIX + "\tbogus");
                TaskChildIo.emit(out, Protocol.PREFIX + "\thello\tpid=1\tppid=1\ttime=1\\");
            }
            case "stderr" -> {
                System.err.println("a line on stderr");
                System.err.println("another line on stderr");
                System.err.flush();
                TaskChildIo.emit(out, "an ordinary line on stdout");
            }
            default -> {
                // no fault
            }
        }
    }
}
