package ptlab.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ptlab.process.ChildArchive;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;
import ptlab.testing.NoLeftovers;

/** The child archive, built from a helper jar in a temporary folder and used by a child started with it. */
@ExtendWith(NoLeftovers.class)
class ChildArchiveTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void aChildStartedWithTheArchiveLoadsItsClassesFromIt(@TempDir Path dir) throws Exception {
        Path jar = helperJar(dir);
        Path archive = ChildArchive.path(jar);
        assumeTrue(jdkShares(), "this JDK has no class-data sharing");
        assertNull(ArchiveTraining.build(jar, archive));
        assertTrue(Files.size(archive) > 0);

        Path loads = dir.resolve("loads.txt");
        ChildProcess.Result r = child(jar, ChildArchive.flags(Optional.of(archive), List.of()),
                "-Xlog:class+load=info:file=" + loads);
        assertEquals(0, r.exit().code(), r.toString());
        assertEquals(List.of(), r.stderr(), "the archive's own logging is off");
        assertTrue(Files.readAllLines(loads).stream()
                .anyMatch(l -> l.contains(" " + Child.class.getName() + " source: shared objects file")), "Child came from the archive");

        // the caller's -Xshare:off with the archive built: the archive's flags give way, the child runs
        ChildProcess.Result off = child(jar, ChildArchive.flags(Optional.of(archive), List.of("-Xshare:off")), "-Xshare:off");
        assertEquals(0, off.exit().code(), off.toString());
        assertEquals(List.of(), off.stderr());
    }

    @Test
    void aChangedJarLooksForAnotherArchive(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("ptlab-helpers.jar");
        Files.writeString(jar, "one");
        Path before = ChildArchive.path(jar);
        assertEquals(before, ChildArchive.path(jar));
        assertEquals(dir.toAbsolutePath(), before.getParent());
        assertTrue(before.getFileName().toString().matches("ptlab-child-[0-9a-f]{8}\\.(aot|jsa)"), before.toString());
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        assertNotEquals(before, ChildArchive.path(jar), "modification time");
        Path touched = ChildArchive.path(jar);
        FileTime t = Files.getLastModifiedTime(jar);
        Files.writeString(jar, "two!");
        Files.setLastModifiedTime(jar, t);
        assertNotEquals(touched, ChildArchive.path(jar), "size");
    }

    /** An I/O task's child with these flags, from {@code jar}. */
    private static ChildProcess.Result child(Path jar, List<String> sharing, String extra) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(JavaCommand.java(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(sharing);
        cmd.add(extra);
        cmd.addAll(List.of("-cp", jar.toString(), Child.class.getName(), "--parent", Long.toString(ProcessHandle.current().pid()),
                "io:1000:A"));
        return ChildProcess.run("child", cmd, JavaCommand.environment(), LONG, 50);
    }

    /** The helper classes of this build in a jar, as {@code make kernel} has them (an archive needs a jar). */
    private static Path helperJar(Path dir) throws IOException {
        Path classes = Path.of(Child.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path jar = dir.resolve("ptlab-helpers.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** True when this JDK maps its own class-data archive ({@code -Xshare:on} starts). */
    private static boolean jdkShares() throws InterruptedException {
        return ChildProcess.run("share", List.of(JavaCommand.java(), "-Xshare:on", "-version"), JavaCommand.environment(), LONG, 50)
                .exit().code() == 0;
    }
}
