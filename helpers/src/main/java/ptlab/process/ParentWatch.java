package ptlab.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

import ptlab.internal.Checks;

/**
 * Makes a child JVM end when its parent is gone, for the main classes of the helper's demo children. Two watchers,
 * both daemon threads: one polls the parent's PID every {@value #POLL_MILLIS} ms (the child halts with status
 * {@value #PARENT_GONE} when that process is gone or is no longer its parent), the other waits for end of file on
 * stdin (the parent keeps stdin open while it wants the child; a child that reads stdin itself does not start it).
 * Every child main class of the helper uses it.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     ParentWatch.start(parentPid, true);
 *     ... work ...
 *     ParentWatch.exit(0);
 * }
 * }</pre>
 */
public final class ParentWatch {

    /** How often the parent's PID is checked: {@value} ms. */
    public static final long POLL_MILLIS = 200;

    /** The exit status of a child whose parent went away: {@value}. */
    public static final int PARENT_GONE = 3;

    private static volatile boolean exiting;
    private static volatile int goneStatus = PARENT_GONE;
    private static volatile Thread stdinWatch;

    private ParentWatch() {
    }

    /**
     * Starts watching; the child halts with status {@value #PARENT_GONE} when the parent is gone.
     *
     * @param parentPid  the parent's process ID (as the parent passed it); 0 or less skips the PID poll
     * @param watchStdin true to also end at end of file on stdin (false when the child reads stdin itself)
     */
    public static void start(long parentPid, boolean watchStdin) {
        start(parentPid, watchStdin, PARENT_GONE);
    }

    /**
     * Starts watching, with the exit status of a child whose parent went away chosen by the child (one whose
     * other statuses already include {@value #PARENT_GONE}).
     *
     * @param parentPid  the parent's process ID (as the parent passed it); 0 or less skips the PID poll
     * @param watchStdin true to also end at end of file on stdin (false when the child reads stdin itself)
     * @param status     the status to halt with when the parent is gone, 1 to 125
     */
    public static synchronized void start(long parentPid, boolean watchStdin, int status) {
        if (status < 1 || status > 125) {
            throw new IllegalArgumentException("status must be 1 to 125, got " + status);
        }
        goneStatus = status;
        if (watchStdin && stdinWatch == null) {
            InputStream in = new FileInputStream(FileDescriptor.in);
            Thread t = new Thread(() -> {
                try {
                    byte[] buffer = new byte[256];
                    while (in.read(buffer) != -1) {
                        // nothing is expected; reading only waits for end of file
                    }
                } catch (IOException e) {
                    // stdin is gone: same as end of file
                }
                if (!exiting) {
                    Runtime.getRuntime().halt(goneStatus);
                }
            }, "ptlab-stdin-watch");
            t.setDaemon(true);
            t.start();
            stdinWatch = t;
        }
        if (parentPid > 0) {
            Thread poll = new Thread(() -> {
                while (true) {
                    // a child whose parent is gone has a new parent (init or a subreaper) at once
                    if (!exiting && ProcStat.parentPid() != parentPid) {
                        Runtime.getRuntime().halt(goneStatus);
                    }
                    try {
                        Thread.sleep(POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ptlab-parent-watch");
            poll.setDaemon(true);
            poll.start();
        }
    }

    /**
     * Ends the child with this status, after flushing {@code System.out} and {@code System.err}. It halts: a child
     * has no shutdown hooks to run, a thread still blocked reading stdin does not hold it up, and {@code System.exit}
     * would first set up the JDK's logging (to log the exit), classes the child's class-data archive would then hold
     * and every child load at start.
     */
    public static void exit(int status) {
        exiting = true;
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    /**
     * Reads {@code --parent PID} from a child's arguments.
     *
     * @return the PID, or -1 when the argument is absent
     * @throws IllegalArgumentException when the value is not a number
     */
    public static long parentArgument(String[] args) {
        Checks.noNulls(args, "args");
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--parent")) {
                try {
                    return Long.parseLong(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--parent = " + args[i + 1] + " is not a number; allowed: a process ID");
                }
            }
        }
        return -1;
    }

    /** The value after {@code name} in {@code args}, or {@code otherwise} when absent. */
    public static String argument(String[] args, String name, String otherwise) {
        Checks.noNulls(args, "args");
        Checks.notNull(name, "name");
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }
}
