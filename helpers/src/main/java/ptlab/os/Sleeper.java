package ptlab.os;

import ptlab.process.ParentWatch;

/**
 * The main class of a child JVM that does nothing but exist for a while, so that it can be seen from outside: it
 * prints {@code ready pid=<pid> ppid=<parent pid>} and then waits {@code --hold-ms} milliseconds (0: exits at once),
 * or less when its stdin closes or its parent is gone ({@link ParentWatch}).
 *
 * <pre>
 * java [flags] -cp ptlab-helpers.jar ptlab.os.Sleeper --parent PID --hold-ms MS
 * </pre>
 * Exit status: 0 after the wait, 2 for bad arguments, {@value ParentWatch#PARENT_GONE} when the parent went away
 * or closed stdin.
 */
public final class Sleeper {

    /** The longest wait a Sleeper accepts: 60,000 ms. */
    public static final long MAX_HOLD_MILLIS = 60_000;

    private Sleeper() {
    }

    /**
     * Runs the child.
     *
     * @param args {@code --parent PID --hold-ms MS}
     */
    public static void main(String[] args) {
        long parent;
        long hold;
        try {
            parent = ParentWatch.parentArgument(args);
            hold = Long.parseLong(ParentWatch.argument(args, "--hold-ms", "0"));
            if (hold < 0 || hold > MAX_HOLD_MILLIS) {
                throw new IllegalArgumentException("--hold-ms " + hold + " is out of range; allowed: 0 to " + MAX_HOLD_MILLIS);
            }
        } catch (RuntimeException e) {
            System.err.println("ptlab sleeper: bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (hold == 0) {
            System.exit(0); // as short as a JVM's life can be: the start-up cost is what is measured
            return;
        }
        ParentWatch.start(parent, true);
        ProcessHandle me = ProcessHandle.current();
        System.out.println("ready pid=" + me.pid() + " ppid=" + me.parent().map(ProcessHandle::pid).orElse(-1L));
        System.out.flush();
        try {
            Thread.sleep(hold);
        } catch (InterruptedException e) {
            // nobody interrupts this thread; end anyway
        }
        ParentWatch.exit(0);
    }
}
