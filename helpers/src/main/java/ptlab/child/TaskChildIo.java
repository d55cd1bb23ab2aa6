package ptlab.child;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ptlab.internal.Checks;
import ptlab.internal.Clock;
import ptlab.process.JavaCommand;
import ptlab.process.ParentWatch;
import ptlab.run.Work;
import ptlab.task.Task;

/**
 * The two ends a child JVM that does tasks has in common (the one per task of {@code Runner.processes()}, the one on
 * threads of {@code ChildJvm}): its command line, {@code --parent PID --submitted µs --deadline µs [--fault F] TASK...}
 * ({@code TASK} as {@link TaskArgument#format(Task)}), and its protocol output on stdout, one whole line at a time.
 *
 * @param parent          the parent's PID, or -1
 * @param submittedMicros when the tasks were submitted (epoch µs), or -1 for "now"
 * @param deadlineMicros  when the run's time bound passes (epoch µs), or -1 for none
 * @param fault           a test fault, or empty
 * @param tasks           the tasks, one or more
 */
public record TaskChildIo(long parent, long submittedMicros, long deadlineMicros, String fault, List<Task> tasks) {

    /** Copies the tasks. */
    public TaskChildIo {
        tasks = List.copyOf(tasks);
    }

    /**
     * Reads the command line; on bad arguments prints {@code ptlab <who>: bad arguments: ...} on stderr and exits with
     * status 2.
     *
     * @param who    the child's name for that line, e.g. {@code child}
     * @param faults true when {@code --fault} is allowed
     */
    public static TaskChildIo parse(String[] args, String who, boolean faults) {
        try {
            long parent = -1;
            long submitted = -1;
            long deadline = -1;
            String fault = "";
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--parent" -> parent = Long.parseLong(value(args, ++i));
                    case "--submitted" -> submitted = Long.parseLong(value(args, ++i));
                    case "--deadline" -> deadline = Long.parseLong(value(args, ++i));
                    case "--fault" -> {
                        if (!faults) {
                            throw new IllegalArgumentException("--fault is not taken here");
                        }
                        fault = value(args, ++i);
                    }
                    default -> tasks.add(TaskArgument.parse(args[i]));
                }
            }
            if (tasks.isEmpty()) {
                throw new IllegalArgumentException("no task given");
            }
            return new TaskChildIo(parent, submitted, deadline, fault, tasks);
        } catch (RuntimeException e) {
            System.err.println("ptlab " + who + ": bad arguments: " + e.getMessage());
            System.exit(2);
            throw e; // not reached
        }
    }

    /**
     * The command of the child JVM that does one task for {@code Runner.processes()} ({@code Child}): {@link JavaCommand#of} with,
     * for an I/O task, {@code -XX:TieredStopAtLevel=1} (quick start; the task needs no optimised code; CPU tasks keep
     * the full JIT so that they run as fast as on threads), then {@code -XX:ActiveProcessorCount=n} when asked, then
     * the caller's JVM options.
     *
     * @param task             the task, sent as {@link TaskArgument#format(Task)}
     * @param jvmOptions       the runner's extra JVM flags (may be empty)
     * @param activeProcessors the CPUs the child should believe it has, or 0 for no flag
     * @param fault            a test fault for the child (see {@code Child}), or empty
     * @param submittedMicros  when the task is submitted (epoch µs)
     * @param deadlineMicros   when the run's time bound passes (epoch µs)
     */
    public static List<String> command(Task task, List<String> jvmOptions, int activeProcessors, String fault,
                                       long submittedMicros, long deadlineMicros) {
        Checks.notNull(task, "task");
        List<String> flags = new ArrayList<>();
        if (task.kind() == Task.Kind.IO) {
            flags.add("-XX:TieredStopAtLevel=1");
        }
        if (activeProcessors > 0) {
            flags.add("-XX:ActiveProcessorCount=" + activeProcessors);
        }
        flags.addAll(jvmOptions);
        List<String> args = new ArrayList<>(List.of("--parent", Long.toString(Work.pid()), "--submitted",
                Long.toString(submittedMicros), "--deadline", Long.toString(deadlineMicros)));
        if (!fault.isEmpty()) {
            args.addAll(List.of("--fault", fault));
        }
        args.add(TaskArgument.format(task));
        return JavaCommand.of(Child.class, flags, args);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** The deadline on {@code clock}'s {@link System#nanoTime()} scale, or {@link Work#NO_DEADLINE}. */
    public long deadlineNanos(Clock clock) {
        return deadlineMicros < 0 ? Work.NO_DEADLINE : clock.toNanoTime(deadlineMicros);
    }

    /** When the tasks were submitted, or {@code now} when the command line did not say. */
    public long submittedMicros(long now) {
        return submittedMicros < 0 ? now : submittedMicros;
    }

    /** Makes stdout a UTF-8 stream that this class flushes line by line ({@link #emit}), and returns it. */
    public static PrintStream protocolOut() {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(out);
        return out;
    }

    /** Prints one protocol line whole, from any thread. */
    public static void emit(PrintStream out, String line) {
        synchronized (out) {
            out.print(line);
            out.print('\n');
            out.flush();
        }
    }

    /** Ends the child after flushing its protocol stream; see {@link ParentWatch#exit(int)}. */
    public static void exit(PrintStream out, int status) {
        out.flush();
        ParentWatch.exit(status);
    }
}
