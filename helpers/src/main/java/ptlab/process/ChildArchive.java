package ptlab.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import ptlab.internal.Checks;

/**
 * The class-data archive that makes a child JVM start faster: the classes a task's child loads (JDK and helper
 * classes), already parsed and linked, in one file next to the helper jar. On Java 25 or newer it is an AOT cache
 * ({@code ptlab-child-KEY.aot}, JEP 483/514: classes loaded and linked, plus method profiles); on Java 21 to 24 an
 * AppCDS archive ({@code ptlab-child-KEY.jsa}, dynamic class-data sharing). {@code make kernel} builds it with
 * {@code ptlab.child.ArchiveTraining}: one training run of the task child doing one I/O and one CPU task.
 *
 * <p>KEY stands for the helper jar (its size and time) and the JDK (its folder and version): a jar or JDK that
 * changed since the archive was built looks for another file, finds none, and its children start without an
 * archive. The name matters: JDK 25 uses an AOT cache built from an older jar without a word, and then runs the
 * old classes. {@link JavaCommand#standardFlags(List)} uses the archive when the file exists, and leaves all class
 * sharing to the caller when the caller's own flags choose it ({@code -Xshare:off}, an archive of its own): the
 * JVM refuses to start with {@code -XX:AOTCache} next to any {@code -Xshare} flag. Building it again replaces it
 * atomically, so a child never reads a half-written file.
 */
public final class ChildArchive {

    /** The longest a training run may take before it is killed (and no archive is written). */
    public static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(60);

    /** JVM flags that choose class sharing themselves. */
    private static final Pattern SHARING = Pattern.compile(
            "-Xshare:.*|-XX:[+-]?(AOT|SharedArchiveFile|ArchiveClassesAtExit|SharedClassListFile|DumpLoadedClassList"
                    + "|AutoCreateSharedArchive).*");

    private ChildArchive() {
    }

    /** True when this JVM has AOT caches (Java 25 or newer); then the archive is one, else an AppCDS archive. */
    public static boolean aot() {
        return Runtime.version().feature() >= 25;
    }

    /**
     * Where the archive for the helper jar and this JVM belongs (next to the jar), or empty when the helper
     * classes are not in a jar (a build's classes directory).
     */
    public static Optional<Path> path() {
        Path cp = Path.of(JavaCommand.classPath());
        if (!cp.getFileName().toString().endsWith(".jar") || cp.getParent() == null) {
            return Optional.empty();
        }
        return Optional.of(path(cp));
    }

    /**
     * Where the archive for {@code jar} and this JVM belongs: {@code ptlab-child-KEY.aot} (or {@code .jsa}) next to
     * it, KEY from the jar's size and modification time and this JDK's folder and version.
     *
     * @param jar the helper jar
     */
    public static Path path(Path jar) {
        Checks.notNull(jar, "jar");
        String key;
        try {
            key = Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis() + "/" + System.getProperty("java.home")
                    + "/" + Runtime.version();
        } catch (IOException e) {
            key = "missing";
        }
        String name = "ptlab-child-" + String.format("%08x", key.hashCode()) + (aot() ? ".aot" : ".jsa");
        return jar.toAbsolutePath().resolveSibling(name);
    }

    /** True when {@code flag} chooses class sharing itself ({@code -Xshare:...}, an archive or AOT cache flag). */
    static boolean choosesSharing(String flag) {
        return SHARING.matcher(flag).matches();
    }

    /**
     * The flags that use the archive, for a child whose own flags are {@code userFlags}: the archive's flags when it
     * has been built (JVM logging of it off, so that one the JVM rejects is ignored without a word), else
     * {@code -Xshare:auto}; none at all when {@code userFlags} choose class sharing themselves.
     *
     * @param userFlags the child's other JVM flags
     */
    public static List<String> flags(List<String> userFlags) {
        return flags(path().filter(Files::isRegularFile), userFlags);
    }

    /** {@link #flags(List)} with {@code archive} as the archive (empty: none). */
    public static List<String> flags(Optional<Path> archive, List<String> userFlags) {
        Checks.notNull(archive, "archive");
        Checks.notNull(userFlags, "userFlags");
        if (userFlags.stream().anyMatch(ChildArchive::choosesSharing)) {
            return List.of();
        }
        if (archive.isEmpty()) {
            return List.of("-Xshare:auto");
        }
        Path p = archive.get();
        return aot() ? List.of("-XX:AOTCache=" + p, "-Xlog:aot=off", "-Xlog:cds=off")
                : List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + p, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * Builds an archive into {@code target} with one training run of a child JVM from {@code jar} (the flags of an
     * I/O task's child) running {@code training}, a main class and its arguments; null when it worked, else what
     * went wrong.
     *
     * @throws InterruptedException if interrupted while the training child runs
     */
    public static String build(Path jar, Path target, List<String> training) throws InterruptedException {
        Checks.notNull(training, "training");
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(tmp);
            List<String> cmd = new ArrayList<>();
            cmd.add(JavaCommand.java());
            cmd.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
                    "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"));
            if (aot()) {
                cmd.addAll(List.of("-XX:AOTCacheOutput=" + tmp, "-Xlog:aot=off", "-Xlog:cds=off"));
            } else {
                cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            }
            cmd.addAll(List.of("-cp", jar.toString()));
            cmd.addAll(training);
            ChildProcess.Result r = ChildProcess.run("archive", cmd, JavaCommand.environment(), TRAINING_TIMEOUT, 50);
            if (r.exit().code() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                return "the training child " + r.exit().describe() + (r.stderr().isEmpty() ? "" : ": " + r.stderr().get(0));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException e) {
            return e.toString();
        } finally {
            try {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + ".config"));
            } catch (IOException e) {
                // best effort
            }
        }
    }

    /** Removes the other child archives next to {@code keep}: those of older jars and JDKs, never used again. */
    public static void removeOthers(Path keep) {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(keep.getParent(), "ptlab-child*.{aot,jsa}")) {
            for (Path p : old) {
                if (!p.getFileName().equals(keep.getFileName())) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // best effort: an old archive is never used, only kept
        }
    }
}
