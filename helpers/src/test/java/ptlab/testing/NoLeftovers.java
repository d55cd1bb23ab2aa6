package ptlab.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import ptlab.internal.Tracker;

/**
 * After every test: no thread the test started is still alive (platform threads by diff against the start of the
 * test, virtual threads through the helper's {@link Tracker}), this JVM has no child process, and the test thread's
 * interrupt status is clear. Gives things up to 3 s to end (a killed process takes a moment to be reaped), then
 * fails with a list of what is left. Use it on every test class: {@code @ExtendWith(NoLeftovers.class)}.
 */
public final class NoLeftovers implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeftovers.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("threads", new HashSet<>(Thread.getAllStackTraces().keySet()));
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        boolean interrupted = Thread.interrupted(); // clear it, so that one failure does not spill into the next test
        @SuppressWarnings("unchecked")
        Set<Thread> before = (Set<Thread>) context.getStore(NS).get("threads");
        long deadline = System.nanoTime() + HangGuard.MILLIS * 1_000_000L; // what ends, ends well before
        List<String> left;
        do {
            left = leftovers(before);
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        if (!left.isEmpty()) {
            // do not leave them for the next test either
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
            fail("left running after " + context.getDisplayName() + ": " + left);
        }
        if (interrupted) {
            fail("the test thread's interrupt status was left set by " + context.getDisplayName());
        }
    }

    /** What is alive now that was not before: threads (platform and tracked virtual) and child processes. */
    public static List<String> leftovers(Set<Thread> before) {
        List<String> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !before.contains(t) && !infrastructure(t)) {
                left.add("thread " + t.getName());
            }
        }
        for (Thread t : Tracker.liveThreads()) {
            if (t.isVirtual()) {
                left.add("virtual thread " + t.getName());
            }
        }
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .forEach(p -> left.add("process " + p.pid() + " " + p.info().commandLine().orElse("")));
        for (ProcessHandle p : Tracker.liveProcesses()) {
            String s = "process " + p.pid();
            if (left.stream().noneMatch(l -> l.startsWith(s))) {
                left.add(s + " (started by the helper)");
            }
        }
        return left;
    }

    /** JDK threads that come and go on their own: the process reaper pool, virtual-thread carriers, cleaners. */
    private static boolean infrastructure(Thread t) {
        String name = t.getName();
        return name.equals("process reaper") || name.startsWith("process reaper")
                || t.getClass().getName().equals("jdk.internal.misc.CarrierThread")
                || name.startsWith("ForkJoinPool-") && name.endsWith("-delayScheduler") || name.equals("VirtualThread-unblocker")
                || name.equals("Common-Cleaner") || name.equals("Attach Listener") || name.startsWith("VirtualThread-unpark")
                || name.equals("MainThread-unparker") || name.startsWith("Read-Poller") || name.startsWith("Write-Poller")
                || name.startsWith("ForkJoinPool.commonPool-worker-") && idlePoolWorker(t);
    }

    /** A pool worker waiting for work (the JDK's shared pool keeps idle workers for a while); a busy one counts. */
    private static boolean idlePoolWorker(Thread t) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals("java.util.concurrent.ForkJoinPool") && f.getMethodName().equals("awaitWork")) {
                return true;
            }
        }
        return false;
    }
}
