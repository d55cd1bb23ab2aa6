package ptlab.isolation;

import ptlab.process.ParentWatch;

/**
 * The main class of the child JVM behind {@link ChildCopy}: it receives a named value on its command line, prints
 * it, changes its own copy and prints that.
 *
 * <pre>
 * java [flags] -cp ptlab-helpers.jar ptlab.isolation.ValueChild --parent PID --name NAME --value V --new W
 * </pre>
 * Output: {@code child pid=P ppid=Q got NAME=V}, then {@code child pid=P changed NAME=W}. Exit status 0, 2 for bad
 * arguments, {@value ParentWatch#PARENT_GONE} when the parent went away.
 */
final class ValueChild {

    private ValueChild() {
    }

    /**
     * Runs the child.
     *
     * @param args see the class description
     */
    public static void main(String[] args) {
        String name;
        long value;
        long changed;
        long parent;
        try {
            parent = ParentWatch.parentArgument(args);
            name = ParentWatch.argument(args, "--name", "value");
            value = Long.parseLong(ParentWatch.argument(args, "--value", "0"));
            changed = Long.parseLong(ParentWatch.argument(args, "--new", "0"));
        } catch (RuntimeException e) {
            System.err.println("ptlab value child: bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        ParentWatch.start(parent, true);
        ProcessHandle me = ProcessHandle.current();
        long ppid = me.parent().map(ProcessHandle::pid).orElse(-1L);
        long copy = value; // this JVM's own variable, in this process's own memory
        System.out.println("child pid=" + me.pid() + " ppid=" + ppid + " got " + name + "=" + copy);
        copy = changed;
        System.out.println("child pid=" + me.pid() + " changed " + name + "=" + copy);
        ParentWatch.exit(0);
    }
}
