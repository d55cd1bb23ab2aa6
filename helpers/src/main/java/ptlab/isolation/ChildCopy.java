package ptlab.isolation;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.internal.Checks;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;

/**
 * A child process changes its copy of a value: the child JVM ({@code ValueChild}) gets the value, prints it, sets
 * its own variable to a new value and prints that; the caller's variable is untouched, because the child's memory
 * is its own. Java has no {@code fork()}: a child JVM is a new program, so it gets its copy through its command
 * line (Python's {@code multiprocessing} on Linux forks, and the child starts with a copy of all the parent's memory;
 * either way, writes stay in the process that makes them). Immutable.
 *
 * <pre>{@code
 * long savings = 100;
 * ChildCopy c = ChildCopy.change("savings", savings, 0);
 * c.lines();      // what the child printed
 * savings;        // still 100
 * }</pre>
 *
 * @param parentPid  this process
 * @param childPid   the child's PID
 * @param childsParent the parent PID the child reported (this process)
 * @param name       the value's name
 * @param received   the value the child reported receiving
 * @param changedTo  the value the child reported after its change
 * @param lines      what the child printed
 */
public record ChildCopy(long parentPid, long childPid, long childsParent, String name, long received, long changedTo,
                        List<String> lines) implements Displayable {

    /** How long the child may take: 20 s. */
    public static final Duration BOUND = Duration.ofSeconds(20);

    private static final Pattern GOT = Pattern.compile("child pid=(\\d+) ppid=(-?\\d+) got (\\S+)=(-?\\d+)");
    private static final Pattern CHANGED = Pattern.compile("child pid=(\\d+) changed (\\S+)=(-?\\d+)");

    /** Copies the list. */
    public ChildCopy {
        Checks.notNull(name, "name");
        lines = List.copyOf(lines);
    }

    /**
     * Starts the child JVM with {@code value}, lets it change its copy to {@code newValue}, waits for it to end.
     *
     * @param name     the variable's name (letters, digits, {@code _}; 1 to 32 characters)
     * @param value    the value the child gets
     * @param newValue the value the child sets its copy to
     * @throws InterruptedException when interrupted (the child is killed first)
     * @throws IllegalStateException when the child fails or runs past {@link #BOUND}
     */
    public static ChildCopy change(String name, long value, long newValue) throws InterruptedException {
        Checks.notNull(name, "name");
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,31}")) {
            throw new IllegalArgumentException("name = \"" + name + "\" is not allowed; allowed: a variable name, 1 to 32 letters, digits or _");
        }
        long me = ProcessHandle.current().pid();
        List<String> cmd = JavaCommand.of(ValueChild.class, List.of("-XX:TieredStopAtLevel=1"), List.of("--parent", Long.toString(me),
                "--name", name, "--value", Long.toString(value), "--new", Long.toString(newValue)));
        ChildProcess.Result r = ChildProcess.run("value-child", cmd, JavaCommand.environment(), BOUND, 20);
        if (r.exit().code() != 0 || r.stdout().size() < 2) {
            throw new IllegalStateException("the child " + r.exit().describe() + ": " + r.stdout() + " " + r.stderr());
        }
        Matcher got = GOT.matcher(r.stdout().get(0));
        Matcher changed = CHANGED.matcher(r.stdout().get(1));
        if (!got.matches() || !changed.matches()) {
            throw new IllegalStateException("the child printed something unexpected: " + r.stdout());
        }
        return new ChildCopy(me, Long.parseLong(got.group(1)), Long.parseLong(got.group(2)), name, Long.parseLong(got.group(4)),
                Long.parseLong(changed.group(3)), r.stdout());
    }

    /** What the child printed. */
    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.of(toString());
    }

    /** What the child printed, one line each. */
    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
