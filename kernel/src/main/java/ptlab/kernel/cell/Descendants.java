package ptlab.kernel.cell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Forcibly ends a process's descendants (and, if asked, the process itself).
 *
 * <p>Used by the cell JVM on its way out and by the kernel after an interrupted cell, on
 * restart and on shutdown. It lives in the cell package because the cell JVM's class path has
 * only {@code ptlab-cell.jar}; the kernel jar contains the same class. (The helper jar's
 * {@code ptlab.os.ProcessTree} is another thing: it shows a process's ancestors to students.)
 */
public final class Descendants {

    private Descendants() {
    }

    /**
     * Destroys every descendant of {@code root} (children first in the snapshot, all of them
     * forcibly), then waits up to {@code waitMillis} for them to end.
     *
     * @param root       the process whose descendants go; it is left alone
     * @param waitMillis how long to wait for the descendants to be gone
     * @return how many processes were asked to end
     */
    public static int destroy(ProcessHandle root, long waitMillis) {
        return destroy(snapshot(root), waitMillis);
    }

    /**
     * Destroys {@code root} and every descendant of it, forcibly, then waits up to
     * {@code waitMillis} for all of them to end. The descendants are listed before the root dies,
     * because afterwards they are re-parented and can no longer be found from it.
     *
     * @param root       the process to end with its whole subtree
     * @param waitMillis how long to wait for them to be gone
     * @return how many processes were asked to end
     */
    public static int destroyWithRoot(ProcessHandle root, long waitMillis) {
        List<ProcessHandle> all = snapshot(root);
        all.add(root);
        return destroy(all, waitMillis);
    }

    private static List<ProcessHandle> snapshot(ProcessHandle root) {
        // descendants() lists breadth first; reversing puts the deepest first, so a parent that
        // would restart a child is gone no later than the child
        List<ProcessHandle> list = root.descendants().collect(Collectors.toCollection(ArrayList::new));
        java.util.Collections.reverse(list);
        return list;
    }

    private static int destroy(List<ProcessHandle> processes, long waitMillis) {
        for (ProcessHandle p : processes) {
            p.destroyForcibly();
        }
        // Polled rather than onExit(): for a process that is not our child, onExit() notices
        // the end only some 100 ms late.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return processes.size();
    }
}
