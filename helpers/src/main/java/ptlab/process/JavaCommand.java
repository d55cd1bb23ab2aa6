package ptlab.process;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ptlab.Task;
import ptlab.internal.Checks;
import ptlab.run.Work;

/**
 * The command line of a child JVM that runs one of the helper's own main classes: this JVM's {@code java}, the
 * helper jar as class path, the standard child flags, then the main class and its arguments. Every child program
 * the helper starts (task children, demo children) is built here, so they all start the same way.
 *
 * <pre>{@code
 * List<String> cmd = JavaCommand.of(MyChild.class, List.of("-Xmx32m"), List.of("--parent", "4121"));
 * }</pre>
 */
public final class JavaCommand {

    private JavaCommand() {
    }

    /**
     * The flags every child JVM gets: a 64 MB heap cap, Serial GC, class data sharing when available (the
     * {@code ChildArchive} next to the helper jar when it has been built, else the JDK's own archive), no perf
     * data file, and UTF-8 for {@code stdout} and {@code stderr}.
     */
    public static List<String> standardFlags() {
        return standardFlags(List.of());
    }

    /**
     * {@link #standardFlags()} for a child that also gets {@code userFlags}: without any class-sharing flag when
     * {@code userFlags} choose class sharing themselves ({@code -Xshare:off}, an archive or AOT cache of their own),
     * since the JVM refuses some pairs of them and the caller's choice is the one meant.
     *
     * @param userFlags the child's other JVM flags (may be empty)
     */
    public static List<String> standardFlags(List<String> userFlags) {
        Checks.notNull(userFlags, "userFlags");
        List<String> flags = new ArrayList<>(List.of("-Xmx64m", "-XX:+UseSerialGC"));
        flags.addAll(ChildArchive.flags(userFlags));
        flags.addAll(List.of("-XX:-UsePerfData", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        return List.copyOf(flags);
    }

    /**
     * The whole command: {@code java}, {@link #standardFlags(List)}, {@code flags}, {@code -cp <helper class path>},
     * {@code mainClass}, {@code args}.
     *
     * @param mainClass a class of the helper jar with a {@code main} method
     * @param flags     extra JVM flags, after the standard ones, each starting with {@code -} (may be empty)
     * @param args      the program's arguments, none null (may be empty)
     */
    public static List<String> of(Class<?> mainClass, List<String> flags, List<String> args) {
        Checks.notNull(mainClass, "mainClass");
        Checks.notNull(flags, "flags");
        Checks.notNull(args, "args");
        for (int i = 0; i < flags.size(); i++) {
            String f = Checks.notNull(flags.get(i), "flags[" + i + "]");
            if (!f.startsWith("-")) {
                throw new IllegalArgumentException("flags[" + i + "] = \"" + f + "\" is not a JVM flag; allowed: flags starting with '-'");
            }
        }
        for (int i = 0; i < args.size(); i++) {
            Checks.notNull(args.get(i), "args[" + i + "]");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(standardFlags(flags));
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return List.copyOf(cmd);
    }

    /**
     * The command of the child JVM that does one task for {@code Runner.processes()} ({@code Child}): {@link #of} with,
     * for an I/O task, {@code -XX:TieredStopAtLevel=1} (quick start; the task needs no optimised code; CPU tasks keep
     * the full JIT so that they run as fast as on threads), then {@code -XX:ActiveProcessorCount=n} when asked, then
     * the caller's JVM options.
     *
     * @param task             the task, sent as {@link Protocol#taskArgument(Task)}
     * @param jvmOptions       the runner's extra JVM flags (may be empty)
     * @param activeProcessors the CPUs the child should believe it has, or 0 for no flag
     * @param fault            a test fault for the child (see {@code Child}), or empty
     * @param submittedMicros  when the task is submitted (epoch µs)
     * @param deadlineMicros   when the run's time bound passes (epoch µs)
     */
    public static List<String> forTask(Task task, List<String> jvmOptions, int activeProcessors, String fault,
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
        args.add(Protocol.taskArgument(task));
        return of(Child.class, flags, args);
    }

    /** The {@code java} executable of the running JVM. */
    public static String java() {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        Path java = bin.resolve("java");
        return Files.isExecutable(java) ? java.toString() : bin.resolve("java.exe").toString();
    }

    /** Where the helper classes are: the helper jar, or a classes directory in a build. */
    public static String classPath() {
        CodeSource source = JavaCommand.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null) {
            try {
                return Path.of(source.getLocation().toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                // fall through to the class path
            }
        }
        return System.getProperty("java.class.path");
    }

    /**
     * A child's whole environment: enough to run programs ({@code PATH}, {@code LANG=C.UTF-8}), nothing of the
     * notebook's.
     */
    public static Map<String, String> environment() {
        String path = System.getenv("PATH");
        return Map.of("PATH", path == null || path.isBlank() ? "/usr/bin:/bin" : path, "LANG", "C.UTF-8");
    }
}
