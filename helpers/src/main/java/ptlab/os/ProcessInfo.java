package ptlab.os;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ptlab.display.Table;
import ptlab.display.Tabular;
import ptlab.internal.Checks;
import ptlab.internal.Text;

/**
 * What the operating system says about one process at one moment, read through {@link ProcessHandle}: its ID, its
 * parent's ID, the program and arguments it was started with, and when it started. Immutable; unknown facts are
 * {@code -1}, an empty string or an empty optional (an OS may hide another user's processes).
 *
 * <pre>{@code
 * ProcessInfo me = ProcessInfo.current();
 * me.pid(); me.parentPid(); me.commandLine(); me.startTime();
 * }</pre>
 *
 * @param pid         the process ID
 * @param parentPid   the parent's process ID, or -1 when unknown (or it has none)
 * @param command     the program's path, or empty when unknown
 * @param arguments   the arguments after the program (may be empty when the OS does not show them)
 * @param startTime   when the process started, if known
 */
public record ProcessInfo(long pid, long parentPid, String command, List<String> arguments, Optional<Instant> startTime)
        implements Tabular {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    /** The longest command line shown by {@link #briefCommand()}: {@value} characters. */
    public static final int BRIEF_LENGTH = 100;

    /** Checks and copies the values. */
    public ProcessInfo {
        Checks.notNull(command, "command");
        arguments = List.copyOf(Checks.notNull(arguments, "arguments"));
        Checks.notNull(startTime, "startTime");
    }

    /** This process. */
    public static ProcessInfo current() {
        return of(ProcessHandle.current());
    }

    /** The process behind a handle, as it is now. */
    public static ProcessInfo of(ProcessHandle process) {
        Checks.notNull(process, "process");
        ProcessHandle.Info info = process.info();
        List<String> args = info.arguments().map(List::of).orElse(List.of());
        String command = info.command().orElse("");
        if (command.isEmpty() && args.isEmpty()) {
            // some systems give only the whole command line
            command = info.commandLine().orElse("");
        }
        return new ProcessInfo(process.pid(), process.parent().map(ProcessHandle::pid).orElse(-1L), command, args,
                info.startInstant());
    }

    /** The process with this ID, if it exists and may be seen. */
    public static Optional<ProcessInfo> of(long pid) {
        Checks.range(pid, 1, Long.MAX_VALUE, "pid", "");
        return ProcessHandle.of(pid).map(ProcessInfo::of);
    }

    /** The program and its arguments in one line, as the OS shows it. */
    public String commandLine() {
        if (arguments.isEmpty()) {
            return command;
        }
        return command + " " + String.join(" ", arguments);
    }

    /** The program's file name without its folder, e.g. {@code java} or {@code python3}. */
    public String programName() {
        if (command.isEmpty()) {
            return "";
        }
        String first = arguments.isEmpty() ? command.split(" ", 2)[0] : command;
        Path name = Path.of(first).getFileName();
        return name == null ? first : name.toString();
    }

    /**
     * The command line shortened for a table: for a JVM, {@code java} and what it runs (the main class or
     * {@code -jar} file and the arguments after it), without the flags and class path; for any other program the
     * command line. At most {@value #BRIEF_LENGTH} characters.
     */
    public String briefCommand() {
        String name = programName();
        if (!(name.equals("java") || name.equals("java.exe")) || arguments.isEmpty()) {
            return Text.cut((arguments.isEmpty() ? command : name + " " + String.join(" ", arguments)).strip(), BRIEF_LENGTH);
        }
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            if (a.equals("-jar")) {
                if (i + 1 < arguments.size()) {
                    rest.add("-jar " + fileName(arguments.get(i + 1)));
                    for (String s : arguments.subList(i + 2, arguments.size())) {
                        rest.add(fileName(s));
                    }
                }
                break;
            }
            if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path") || a.equals("-p")
                    || a.equals("--module-path") || a.equals("--add-opens") || a.equals("--add-exports")
                    || a.equals("--add-modules")) {
                i++;
                continue;
            }
            if (a.startsWith("-")) {
                continue;
            }
            rest.add(a);
            for (String s : arguments.subList(i + 1, arguments.size())) {
                rest.add(fileName(s));
            }
            break;
        }
        return Text.cut(name + " … " + String.join(" ", rest), BRIEF_LENGTH);
    }

    private static String fileName(String s) {
        if (s.contains("/") && !s.endsWith("/")) {
            return s.substring(s.lastIndexOf('/') + 1);
        }
        return s;
    }

    /** The start time in local time with milliseconds, or {@code ?}. */
    public String startText() {
        return startTime.map(TIME::format).orElse("?");
    }

    /** A two-column table: pid, parent pid, program, command line, started. */
    @Override
    public Table table() {
        return Table.builder("fact", "value")
                .row("pid", pid)
                .row("parent pid", parentPid < 0 ? "?" : Long.toString(parentPid))
                .row("program", command.isEmpty() ? "?" : command)
                .row("command line", Text.cut(commandLine(), 400))
                .row("started", startText())
                .build();
    }


    /** One line: {@code pid 4121 (parent 4100): java … ptlab.kernel.cell.CellAgent 41235}. */
    @Override
    public String toString() {
        return "pid " + pid + " (parent " + (parentPid < 0 ? "?" : parentPid) + "): " + briefCommand();
    }
}
