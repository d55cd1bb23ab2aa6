package ptlab.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.child.Protocol;
import ptlab.testing.NoLeftovers;

/** The child command line's class-sharing flags: the child archive's, or the caller's own, never both. */
@ExtendWith(NoLeftovers.class)
class JavaCommandTest {

    /** The task child's main class, package-private in {@code ptlab.child}: the launcher runs it by name. */
    private static final Class<?> CHILD = taskChild();

    private static final Optional<Path> ARCHIVE = Optional.of(Path.of("/nowhere/ptlab-child-0.aot"));

    @Test
    void theArchiveIsUsedWhenBuiltAndTheCallerChoosesNoSharing() {
        List<String> flags = ChildArchive.flags(ARCHIVE, List.of("-Xss2m", "-Xlog:gc", "-XX:TieredStopAtLevel=1"));
        String use = ChildArchive.aot() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
        assertTrue(flags.contains(use + ARCHIVE.get()), flags.toString());
        assertEquals(List.of("-Xshare:auto"), ChildArchive.flags(Optional.empty(), List.of("-Xss2m")));
    }

    @Test
    void theCallersOwnSharingFlagsDropAllOfOurs() {
        for (String own : List.of("-Xshare:off", "-Xshare:on", "-XX:SharedArchiveFile=/tmp/a.jsa", "-XX:AOTCache=/tmp/a.aot",
                "-XX:AOTMode=off", "-XX:AOTCacheOutput=/tmp/b.aot", "-XX:ArchiveClassesAtExit=/tmp/c.jsa",
                "-XX:+AutoCreateSharedArchive")) {
            assertEquals(List.of(), ChildArchive.flags(ARCHIVE, List.of("-Xss2m", own)), own);
            assertEquals(List.of(), ChildArchive.flags(Optional.empty(), List.of(own)), own);
            List<String> cmd = JavaCommand.of(CHILD, List.of(own), List.of());
            assertEquals(1, cmd.stream().filter(ChildArchive::choosesSharing).count(), cmd.toString());
        }
        assertFalse(ChildArchive.choosesSharing("-Xlog:cds=off"));
        assertFalse(ChildArchive.choosesSharing("-Xss2m"));
    }

    @Test
    void aChildWithXshareOffRunsItsTask() throws Exception {
        List<String> cmd = JavaCommand.of(CHILD, List.of("-Xshare:off"),
                List.of("--parent", Long.toString(ProcessHandle.current().pid()), "io:1000:A"));
        assertTrue(cmd.containsAll(JavaCommand.standardFlags(List.of("-Xshare:off"))), cmd.toString());
        ChildProcess.Result r = ChildProcess.run("child", cmd, JavaCommand.environment(), Duration.ofSeconds(30), 50);
        assertEquals(0, r.exit().code(), r.toString());
        assertEquals(List.of(), r.stderr());
        assertTrue(r.stdout().stream().anyMatch(l -> l.startsWith(Protocol.PREFIX + "\tevent\ttask=A")), r.toString());
    }

    @Test
    void theHeapCapIsTheLastMaximumOrALargerInitialHeap() {
        assertEquals(64, JavaCommand.heapMb(List.of()));
        assertEquals(64, JavaCommand.heapMb(List.of("-Xss2m", "-Xlog:gc")));
        assertEquals(32, JavaCommand.heapMb(List.of("-Xmx32m")));
        assertEquals(256, JavaCommand.heapMb(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch")));
        assertEquals(512, JavaCommand.heapMb(List.of("-Xmx1g", "-XX:MaxHeapSize=512m")));
        assertEquals(2048, JavaCommand.heapMb(List.of("-Xmx16m", "-XX:InitialHeapSize=2g")));
        assertEquals(1, JavaCommand.heapMb(List.of("-Xmx65536")));
        assertEquals(64, JavaCommand.heapMb(List.of("-Xmxlots")), "unreadable: the JVM refuses it");
        assertEquals(Long.MAX_VALUE / (1024 * 1024) + 1, JavaCommand.heapMb(List.of("-Xmx99999999999t")));
    }

    private static Class<?> taskChild() {
        try {
            return Class.forName("ptlab.child.Child");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
