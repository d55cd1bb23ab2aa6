package ptlab.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ptlab.internal.Work;

/**
 * The class-data archive that makes a child JVM start faster: the classes a task's child loads (JDK and helper
 * classes), already parsed and linked, in one file next to the helper jar. On Java 25 or newer it is an AOT cache
 * ({@code ptlab-child.aot}, JEP 483/514: classes loaded and linked, plus method profiles); on Java 21 to 24 an
 * AppCDS archive ({@code ptlab-child.jsa}, dynamic class-data sharing). {@code make kernel} builds it with
 * {@link #main}: one training run of {@link Child} doing one I/O and one CPU task.
 *
 * <p>{@link JavaCommand#standardFlags()} uses the archive when the file exists. A stale archive (the jar or the
 * JDK changed since it was built) or a child with other flags is not an error: the JVM then ignores the archive
 * silently and starts the ordinary way. Building it again replaces it atomically, so a child never reads a
 * half-written file.
 */
public final class ChildArchive {

    /** The longest a training run may take before it is killed (and no archive is written). */
    public static final Duration TRAINING_TIMEOUT = Duration.ofSeconds(60);

    private ChildArchive() {
    }

    /** True when this JVM has AOT caches (Java 25 or newer); then the archive is one, else an AppCDS archive. */
    public static boolean aot() {
        return Runtime.version().feature() >= 25;
    }

    /**
     * Where the archive for this JVM's Java version belongs: next to the helper jar, or empty when the helper
     * classes are not in a jar (a build's classes directory).
     */
    public static java.util.Optional<Path> path() {
        Path cp = Path.of(JavaCommand.classPath());
        if (!cp.getFileName().toString().endsWith(".jar") || cp.getParent() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(cp.getParent().resolve(aot() ? "ptlab-child.aot" : "ptlab-child.jsa"));
    }

    /**
     * The JVM flags that use the archive in place of {@code -Xshare:auto}, or {@code -Xshare:auto} alone when there
     * is no archive. JVM logging of the archive is off, so that a stale one is ignored without a word.
     */
    public static List<String> flags() {
        Path p = path().filter(Files::isRegularFile).orElse(null);
        if (p == null) {
            return List.of("-Xshare:auto");
        }
        return aot() ? List.of("-XX:AOTCache=" + p, "-Xlog:aot=off", "-Xlog:cds=off")
                : List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + p, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * Builds the archive at {@link #path()} with one training run of a child JVM (the flags of an I/O task's
     * child); prints where it wrote it. Exit status 0 also when no archive could be made (children then start
     * without one), 2 for bad arguments.
     *
     * @param args none
     * @throws InterruptedException if interrupted while the training child runs
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 0) {
            System.err.println("usage: java -cp ptlab-helpers.jar " + ChildArchive.class.getName());
            System.exit(2);
        }
        Path target = path().orElse(null);
        if (target == null) {
            System.out.println("child archive: not built (the helper classes are not in a jar)");
            return;
        }
        String problem = build(target);
        System.out.println(problem == null ? "child archive: " + target : "child archive: not built (" + problem + ")");
    }

    /** Builds the archive; null when it worked, else what went wrong. */
    static String build(Path target) throws InterruptedException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp" + Work.pid());
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
            long now = System.currentTimeMillis() * 1_000L;
            cmd.addAll(List.of("-cp", JavaCommand.classPath(), Child.class.getName(), "--parent", Long.toString(Work.pid()),
                    "--submitted", Long.toString(now), "--deadline", Long.toString(now + 30_000_000L), "io:1000:A",
                    "cpu:20000:B"));
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
}
