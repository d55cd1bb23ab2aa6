package ptlab.os;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ptlab.display.Table;
import ptlab.display.Tabular;
import ptlab.internal.Checks;
import ptlab.process.ChildExit;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;

/**
 * The chain of processes from the oldest ancestor down to this process (and, with {@link #withChild()}, one
 * child below it), each with the role it plays in the course: the Jupyter process that started the kernel, the
 * kernel JVM, the cell JVM that runs the cells, a child JVM the helper starts. Found by walking
 * {@link ProcessHandle#parent()} upwards. Immutable.
 *
 * <pre>{@code
 * display(ProcessTree.withChild());
 * }</pre>
 */
public final class ProcessTree implements Tabular {

    /** The most ancestors followed upwards: {@value}. */
    public static final int MAX_LEVELS = 32;

    /** How long {@link #withChild()} waits for its child to be up: 20 s (a cold JVM on a busy CPU). */
    public static final Duration CHILD_START_BOUND = Duration.ofSeconds(20);

    /** The system property the kernel sets on the cell JVM: the kernel JVM's PID. */
    static final String KERNEL_PID_PROPERTY = "ptlab.kernel.pid";

    /**
     * One process in the chain.
     *
     * @param process what the OS says about it
     * @param role    its part, e.g. {@code kernel JVM}
     * @param job     what it does there, in a few words
     */
    public record Level(ProcessInfo process, String role, String job) {
        /** Checks the values. */
        public Level {
            Checks.notNull(process, "process");
            Checks.notNull(role, "role");
            Checks.notNull(job, "job");
        }
    }

    private final List<Level> levels;

    private ProcessTree(List<Level> levels) {
        this.levels = List.copyOf(levels);
    }

    /** This process and its ancestors, oldest first. */
    public static ProcessTree ofThisProcess() {
        return new ProcessTree(chain(Optional.empty()));
    }

    /**
     * This process, its ancestors and a child JVM started for the purpose (a {@link Sleeper}), read while the child
     * runs; the child is stopped before this returns, also on error or interrupt.
     *
     * @throws InterruptedException when interrupted while waiting for the child (the child is killed first)
     * @throws IllegalStateException when the child did not start within {@link #CHILD_START_BOUND}
     */
    public static ProcessTree withChild() throws InterruptedException {
        long me = ProcessHandle.current().pid();
        CompletableFuture<String> ready = new CompletableFuture<>();
        List<String> command = JavaCommand.of(Sleeper.class, List.of("-XX:TieredStopAtLevel=1"),
                List.of("--parent", Long.toString(me), "--hold-ms", "30000"));
        ChildProcess child = ChildProcess.start("tree-child", command, JavaCommand.environment(), Duration.ofSeconds(40),
                new ChildProcess.Listener() {
                    @Override
                    public void line(String text, boolean stderr, boolean cut) {
                        if (!stderr && text.startsWith("ready ")) {
                            ready.complete(text);
                        }
                    }

                    @Override
                    public void exited(ChildExit exit) {
                        ready.completeExceptionally(new IllegalStateException("the child JVM ended early: " + exit.describe()));
                    }
                });
        try {
            ready.get(CHILD_START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            ProcessHandle handle = ProcessHandle.of(child.pid())
                    .orElseThrow(() -> new IllegalStateException("the child JVM is gone already"));
            return new ProcessTree(chain(Optional.of(ProcessInfo.of(handle))));
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the child JVM did not start within " + CHILD_START_BOUND.toSeconds() + " s");
        } catch (InterruptedException | RuntimeException | Error e) {
            child.destroy(); // at once: an interrupted cell must be free within a second
            throw e;
        } finally {
            boolean interrupted = Thread.interrupted();
            try {
                child.finish(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<Level> chain(Optional<ProcessInfo> child) {
        ProcessHandle current = ProcessHandle.current();
        List<ProcessInfo> up = new ArrayList<>();
        up.add(ProcessInfo.of(current));
        Optional<ProcessHandle> p = current.parent();
        while (p.isPresent() && up.size() < MAX_LEVELS) {
            up.add(ProcessInfo.of(p.get()));
            p = p.get().parent();
        }
        Collections.reverse(up); // oldest first
        long kernel = kernelPid();
        long me = current.pid();
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < up.size(); i++) {
            ProcessInfo info = up.get(i);
            boolean startedKernel = i + 1 < up.size() && up.get(i + 1).pid() == kernel;
            levels.add(roleOf(info, me, kernel, startedKernel));
        }
        child.ifPresent(c -> levels.add(new Level(c, "child JVM", "started by the helper; ends when its parent is gone")));
        return levels;
    }

    private static Level roleOf(ProcessInfo info, long me, long kernel, boolean startedKernel) {
        if (info.pid() == me) {
            return kernel > 0
                    ? new Level(info, "cell JVM", "runs the cells; if a cell crashes it, only this JVM ends, never the kernel")
                    : new Level(info, "this JVM", "runs this code");
        }
        if (info.pid() == kernel) {
            return new Level(info, "kernel JVM", "speaks Jupyter's protocol, compiles the cells, completes code");
        }
        if (startedKernel) {
            String name = info.programName();
            return new Level(info, name.startsWith("python") || info.commandLine().contains("jupyter") ? "Jupyter (Python)" : "kernel's parent",
                    "started the kernel; sends it the cells and shows what comes back");
        }
        if (info.pid() == 1) {
            return new Level(info, "first process", "pid 1: started by the OS kernel at boot (or the container's init)");
        }
        return new Level(info, "ancestor", "started the process below it");
    }

    private static long kernelPid() {
        try {
            return Long.parseLong(System.getProperty(KERNEL_PID_PROPERTY, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The processes, oldest first; this process, then the child (if any), last. */
    public List<Level> levels() {
        return levels;
    }

    /** This process's ancestors, its parent first. */
    public List<ProcessInfo> ancestors() {
        long me = ProcessHandle.current().pid();
        List<ProcessInfo> list = new ArrayList<>();
        for (Level l : levels) {
            if (l.process().pid() == me) {
                break;
            }
            list.add(l.process());
        }
        Collections.reverse(list);
        return list;
    }

    /** The child below this process, if this tree was taken {@link #withChild()}. */
    public Optional<ProcessInfo> child() {
        Level last = levels.get(levels.size() - 1);
        return last.role().equals("child JVM") ? Optional.of(last.process()) : Optional.empty();
    }

    /** The level with this role, if present (e.g. {@code "kernel JVM"}). */
    public Optional<Level> find(String role) {
        Checks.notNull(role, "role");
        return levels.stream().filter(l -> l.role().equals(role)).findFirst();
    }

    /** One row per process: depth drawn as a tree, pid, parent pid, role, command, what it does. */
    @Override
    public Table table() {
        Table.Builder b = Table.builder("process", "pid", "parent", "command", "what it does").alignRight(1, 2)
                .title("process tree, oldest first (" + levels.size() + " processes)");
        for (int i = 0; i < levels.size(); i++) {
            Level l = levels.get(i);
            String indent = i == 0 ? "" : "  ".repeat(i - 1) + "└─ ";
            long ppid = l.process().parentPid();
            b.row(indent + l.role(), l.process().pid(), ppid < 0 ? "?" : Long.toString(ppid), l.process().briefCommand(), l.job());
        }
        return b.build();
    }


    /** The table's text. */
    @Override
    public String toString() {
        return table().toString();
    }
}
