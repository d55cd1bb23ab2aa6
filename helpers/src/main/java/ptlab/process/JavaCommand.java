package ptlab.process;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ptlab.internal.Checks;

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
        List<String> flags = new ArrayList<>(List.of("-Xmx" + STANDARD_HEAP_MB + "m", "-XX:+UseSerialGC"));
        flags.addAll(ChildArchive.flags(userFlags));
        flags.addAll(List.of("-XX:-UsePerfData", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
        return List.copyOf(flags);
    }

    /** The heap cap of {@link #standardFlags()}, in MB: {@value}. */
    public static final int STANDARD_HEAP_MB = 64;

    /**
     * The most heap, in MB, a child JVM with {@code userFlags} after {@link #standardFlags()} may take: the last
     * {@code -Xmx} or {@code -XX:MaxHeapSize=} ({@value #STANDARD_HEAP_MB} MB when there is none), or more when an
     * initial or minimum heap ({@code -Xms}, {@code -XX:InitialHeapSize=}, {@code -XX:MinHeapSize=}) is larger,
     * since the JVM commits that at start. A size it cannot read counts as nothing: the JVM refuses it itself.
     *
     * @param userFlags the child's other JVM flags (may be empty)
     */
    public static long heapMb(List<String> userFlags) {
        Checks.notNull(userFlags, "userFlags");
        long max = STANDARD_HEAP_MB * MB;
        long initial = 0;
        for (String f : userFlags) {
            if (f.startsWith("-Xmx") || f.startsWith("-XX:MaxHeapSize=")) {
                max = size(f.substring(f.startsWith("-Xmx") ? 4 : 16), max);
            } else if (f.startsWith("-Xms") || f.startsWith("-XX:InitialHeapSize=") || f.startsWith("-XX:MinHeapSize=")) {
                initial = Math.max(initial, size(f.substring(f.indexOf('=') >= 0 ? f.indexOf('=') + 1 : 4), 0));
            }
        }
        long bytes = Math.max(max, initial);
        return bytes / MB + (bytes % MB == 0 ? 0 : 1);
    }

    private static final long MB = 1024 * 1024;

    /** A JVM size such as {@code 256m}, {@code 1G} or {@code 65536} in bytes; {@code otherwise} when unreadable. */
    private static long size(String text, long otherwise) {
        if (text.isEmpty()) {
            return otherwise;
        }
        long unit = switch (Character.toLowerCase(text.charAt(text.length() - 1))) {
            case 'k' -> 1024L;
            case 'm' -> MB;
            case 'g' -> 1024 * MB;
            case 't' -> 1024 * 1024 * MB;
            default -> 1;
        };
        String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return otherwise;
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MAX_VALUE; // more than any machine has
        }
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
