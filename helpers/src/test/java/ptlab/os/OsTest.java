package ptlab.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ptlab.testing.NoLeftovers;

/** Process facts, the tree, threads, memory map, programs and start costs. */
@ExtendWith(NoLeftovers.class)
class OsTest {

    private static final long ME = ProcessHandle.current().pid();

    @Test
    void ancestorsStartWithThisJvmsParent() {
        ProcessTree tree = ProcessTree.ofThisProcess();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertEquals(parent, tree.ancestors().get(0).pid());
        assertEquals(ME, tree.levels().get(tree.levels().size() - 1).process().pid());
        assertTrue(tree.child().isEmpty());
    }

    @Test
    void aChildHasItsOwnPidAndUsAsParentAndIsGoneAfterwards() throws Exception {
        ProcessTree tree = ProcessTree.withChild();
        ProcessInfo child = tree.child().orElseThrow();
        assertNotEquals(ME, child.pid());
        assertEquals(ME, child.parentPid());
        assertTrue(child.briefCommand().contains("ptlab.os.Sleeper"), child.briefCommand());
        assertTrue(tree.toString().contains("child JVM"));
    }

    @Test
    void processInfoOfThisProcess() {
        ProcessInfo me = ProcessInfo.current();
        assertEquals(ME, me.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), me.parentPid());
        assertThrows(IllegalArgumentException.class, () -> ProcessInfo.of(0));
        assertThrows(NullPointerException.class, () -> ProcessInfo.of((ProcessHandle) null));
    }

    @Test
    void threadsIncludeTheJvmsOwnAndNativeOnesWherePresent() {
        ThreadSnapshot t = ThreadSnapshot.now();
        assertTrue(t.javaThreads().stream().anyMatch(j -> j.name().equals("Reference Handler") && j.kind().equals("JVM")));
        assertTrue(t.javaThreads().stream().anyMatch(j -> j.name().equals(Thread.currentThread().getName())));
        if (Files.isDirectory(Path.of("/proc/self/task"))) {
            assertTrue(t.hasNativeView());
            assertTrue(t.nativeOnly().stream().anyMatch(n -> n.name().equals("VM Thread")), t.nativeTable().toString());
            assertTrue(t.nativeThreads().size() > t.nativeOnly().size());
        } else {
            assertFalse(t.hasNativeView());
            assertFalse(t.nativeNote().isEmpty());
        }
    }

    /** Fault: no /proc (as on macOS or Windows): each view returns and says why in one line, no stack trace. */
    @Test
    void withoutProcTheViewsSayWhyInOneLine(@TempDir Path empty) {
        MemoryMap m = MemoryMap.of(ProcessHandle.current().pid(), empty.resolve("proc"));
        assertFalse(m.available());
        assertEquals(1, m.note().lines().count());
        assertTrue(m.note().contains("has no /proc, so the memory map of a process cannot be shown here"), m.note());
        assertTrue(m.toString().contains(m.note()), m.toString());
        ThreadSnapshot t = ThreadSnapshot.now(empty.resolve("proc/self/task"));
        assertEquals("this OS has no /proc/self/task, so the JVM's native threads (compiler, GC, VM thread) cannot be listed here",
                t.nativeNote());
        assertFalse(t.javaThreads().isEmpty(), "the JVM's own view still works");
    }

    @Test
    void memoryMapHasCodeAndStackOrSaysWhyNot() {
        MemoryMap m = MemoryMap.current();
        if (Files.isReadable(Path.of("/proc/self/maps"))) {
            assertTrue(m.available());
            assertTrue(m.bytes(MemoryMap.Kind.CODE) > 0);
            assertEquals(1, m.count(MemoryMap.Kind.STACK));
            assertTrue(m.status("VmRSS").endsWith("kB"));
        } else {
            assertFalse(m.available());
            assertEquals(1, m.note().lines().count());
        }
        assertEquals(MemoryMap.Kind.CODE, MemoryMap.parse("7f00-7f10 r-xp 0 08:01 1 /usr/lib/libc.so").kind());
        assertEquals(MemoryMap.Kind.RESERVED, MemoryMap.parse("7f00-7f10 ---p 0 00:00 0").kind());
        assertEquals(MemoryMap.Kind.HEAP, MemoryMap.parse("5500-5600 rw-p 0 00:00 0 [heap]").kind());
        assertEquals(null, MemoryMap.parse("garbage"));
        assertThrows(IllegalArgumentException.class, () -> MemoryMap.of(-1));
    }

    @Test
    void aProgramIsAClassFileAndEachRunIsAChildProcess() throws Exception {
        Path folder;
        try (Program p = Program.compile("Hi", "public class Hi { public static void main(String[] a) { "
                + "System.out.println(ProcessHandle.current().parent().get().pid()); } }")) {
            folder = p.classFile().getParent();
            assertTrue(p.firstBytes(4).equals("CA FE BA BE"));
            assertEquals(0, p.runningCopies());
            Program.Run r = p.run();
            assertEquals(0, r.code());
            assertNotEquals(ME, r.pid());
            assertEquals(java.util.List.of(Long.toString(ME)), r.stdout());
        }
        assertFalse(Files.exists(folder));
        assertThrows(IllegalArgumentException.class, () -> Program.compile("Bad", "public class Bad { nonsense }"));
        assertThrows(IllegalArgumentException.class, () -> Program.compile("no such", "x"));
    }

    @Test
    void startCostCountsWhatItStartedAndChecksItsArguments() throws Exception {
        StartCost c = StartCost.measure(3, 1, 1);
        assertEquals(3, c.sample("platform thread").count());
        assertEquals(1, c.sample("child JVM").count());
        assertThrows(IllegalArgumentException.class, () -> StartCost.measure(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> StartCost.measure(1, StartCost.MAX_JVMS + 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StartCost.measure(1, 1, -1));
        assertTrue(e.getMessage().contains("programs"), e.getMessage());
    }

    @Test
    void anInterruptedTreeLeavesNothing() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ProcessTree.withChild();
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        t.start();
        Thread.sleep(50);
        t.interrupt();
        Throwable e = thrown.get(10, TimeUnit.SECONDS);
        t.join();
        assertTrue(e == null || e instanceof InterruptedException, String.valueOf(e));
    }
}
