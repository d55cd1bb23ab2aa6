package ptlab;

import java.util.List;

/** The bench's window on package-private parts of the helper: the flags a task's child JVM gets. */
public final class BenchAccess {

    private BenchAccess() {
    }

    /**
     * The JVM flags {@code Runner.processes()} gives the child JVM of a task of this kind, before its own options.
     *
     * @param kind the task's kind
     */
    public static List<String> childFlags(Task.Kind kind) {
        return List.copyOf(ProcessEngine.standardFlags(kind, List.of()));
    }
}
