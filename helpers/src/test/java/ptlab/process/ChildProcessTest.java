package ptlab.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.child.Protocol;
import ptlab.internal.Tracker;
import ptlab.task.Limits;
import ptlab.testing.HangGuard;
import ptlab.testing.NoLeftovers;

/** The launcher on its own, with small Unix programs and with the child JVM. */
@ExtendWith(NoLeftovers.class)
class ChildProcessTest {

    /** The task child's main class, package-private in {@code ptlab.child}: the launcher runs it by name. */
    private static final Class<?> CHILD = taskChild();

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8");
    private static final Duration LONG = Duration.ofSeconds(30);

    /** Collects what a child says. */
    private static final class Record implements ChildProcess.Listener {
        final List<String> out = new ArrayList<>();
        final List<String> err = new ArrayList<>();
        final CompletableFuture<ChildExit> exit = new CompletableFuture<>();

        @Override
        public synchronized void line(String text, boolean stderr, boolean cut) {
            (stderr ? err : out).add(text);
        }

        @Override
        public void exited(ChildExit e) {
            exit.complete(e);
        }

        ChildExit await() throws Exception {
            return exit.get(20, TimeUnit.SECONDS);
        }
    }

    private static String program(String name) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        throw new org.opentest4j.TestAbortedException(name + " not found");
    }

    @Test
    void argumentsArePassedAsTheyAreWithoutAShell() throws Exception {
        Record r = new Record();
        ChildProcess c = ChildProcess.start("echo", List.of(program("printf"), "%s|%s|%s\\n", "$HOME", "a b", "`id`;*"), ENV, LONG, r);
        ChildExit exit = r.await();
        assertEquals(new ChildExit(0, false, false, ""), exit);
        assertEquals(List.of("$HOME|a b|`id`;*"), r.out);
        assertTrue(c.awaitGone(Duration.ofSeconds(5)));
        assertTrue(c.pid() > 0);
        assertEquals("exited with status 0", exit.describe());
    }

    @Test
    void stdinStaysOpenUntilClosed() throws Exception {
        Record r = new Record();
        ChildProcess c = ChildProcess.start("cat", List.of(program("cat")), ENV, LONG, r);
        Thread.sleep(300);
        assertFalse(r.exit.isDone(), "cat is still waiting for input: its stdin is open");
        c.closeStdin();
        assertEquals(0, r.await().code());
        assertTrue(c.awaitGone(Duration.ofSeconds(5)));
    }

    @Test
    void destroyKillsAtOnce() throws Exception {
        Record r = new Record();
        ChildProcess c = ChildProcess.start("sleep", List.of(program("sleep"), "30"), ENV, LONG, r);
        while (c.pid() < 0) {
            Thread.sleep(5);
        }
        c.destroy();
        ChildExit exit = r.await();
        assertEquals(137, exit.code());
        assertTrue(exit.destroyed());
        assertEquals("killed by signal 9 (SIGKILL), stopped by the parent", exit.describe());
        assertTrue(c.awaitGone(Duration.ofSeconds(5)));
    }

    @Test
    void destroyRightAfterStartStillKills() throws Exception {
        for (int i = 0; i < 5; i++) {
            Record r = new Record();
            ChildProcess c = ChildProcess.start("sleep", List.of(program("sleep"), "30"), ENV, LONG, r);
            c.destroy();
            ChildExit exit = r.await();
            assertEquals("killed by signal 9 (SIGKILL), stopped by the parent", exit.describe());
            assertTrue(c.awaitGone(Duration.ofSeconds(5)));
        }
    }

    @Test
    void theWatchdogKillsAChildThatRunsTooLong() throws Exception {
        Record r = new Record();
        ChildProcess.start("sleep", List.of(program("sleep"), "30"), ENV, Duration.ofMillis(300), r);
        ChildExit exit = r.await();
        assertTrue(exit.watchdogKilled(), exit.toString());
        assertEquals("killed by signal 15 (SIGTERM), killed by the watchdog", exit.describe());
    }

    @Test
    void aProgramThatCannotStartIsReportedNotThrown() throws Exception {
        Record r = new Record();
        ChildProcess.start("none", List.of("/nonexistent/program"), ENV, LONG, r);
        ChildExit exit = r.await();
        assertEquals(-1, exit.code());
        assertFalse(exit.failure().isEmpty());
        assertTrue(exit.describe().startsWith("could not be started: "), exit.describe());
    }

    @Test
    void aLifetimeOverTheCapFailsFastWithTheCapInTheMessage() {
        Record r = new Record();
        long created = Tracker.created();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChildProcess.start("sleep",
                List.of(program("sleep"), "1"), ENV, Limits.MAX_CHILD_LIFETIME.plusMillis(1), r));
        assertEquals("timeout = 65.001 s is out of range; allowed: 1 µs to 65 s", e.getMessage());
        assertEquals(created, Tracker.created(), "nothing was started");
    }

    @Test
    void theEnvironmentIsOnlyWhatIsGiven() throws Exception {
        Record r = new Record();
        ChildProcess.start("env", List.of(program("env")), Map.of("ONLY", "this"), LONG, r);
        r.await();
        assertEquals(List.of("ONLY=this"), r.out);
    }

    /** The child JVM exits when its stdin closes. */
    @Test
    void childJvmExitsWhenItsStdinCloses() throws Exception {
        Record r = new Record();
        ChildProcess c = ChildProcess.start("child", childJvm(ProcessHandle.current().pid(), "io:30000000:A"), ENV, LONG, r);
        waitForLine(r, "\tstart\t");
        c.closeStdin();
        assertEquals(3, r.await().code());
        assertTrue(c.awaitGone(Duration.ofSeconds(5)));
    }

    /** The child JVM exits when the process it was told is its parent is not its parent (gone, or never was). */
    @Test
    void childJvmExitsWhenItsParentIsNotThere() throws Exception {
        Record r = new Record();
        ChildProcess.start("child", childJvm(1, "io:30000000:A"), ENV, LONG, r);
        assertEquals(3, r.await().code());
    }

    /** A child JVM whose parent dies (here: an intermediate shell) exits by itself, though nobody kills it. */
    @Test
    void childJvmDiesWithItsParent() throws Exception {
        List<String> cmd = childJvm(0, "io:30000000:A");
        // a shell starts the child in the background with the shell's PID as --parent and our pipe as its stdin
        // (kept open: no end of file), then becomes a sleep (same PID) that this test stops once the child has said
        // hello, however long its start took; the child is orphaned, nobody kills it
        StringBuilder script = new StringBuilder("exec 3<&0; ");
        for (int i = 0; i < cmd.size(); i++) {
            boolean parentValue = i > 0 && cmd.get(i - 1).equals("--parent");
            script.append(parentValue ? "$$" : "'" + cmd.get(i).replace("'", "'\\''") + "'").append(' ');
        }
        script.append("0<&3 & exec sleep 30");
        Process shell = new ProcessBuilder("/bin/sh", "-c", script.toString()).redirectErrorStream(true).start();
        long orphan = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = out.readLine()) != null) {
                if (l.startsWith("@ptlab/1\thello\t")) {
                    Protocol.Hello hello = (Protocol.Hello) Protocol.parse(l);
                    orphan = hello.pid();
                    assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false),
                            "the child runs while its parent does");
                    shell.destroy();
                    break;
                }
            }
            assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
            assertTrue(orphan > 0, "the child said hello");
            // poll (ProcessHandle.onExit would start a common-pool thread for a process that is not our child)
            long deadline = System.nanoTime() + HangGuard.MILLIS * 1_000_000L;
            while (ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "the orphaned child exits by itself");
        } finally {
            shell.getOutputStream().close();
            ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static List<String> childJvm(long parent, String task) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CHILD.getName(),
                "--parent", Long.toString(parent), task);
    }

    private static void waitForLine(Record r, String part) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (r) {
                if (r.out.stream().anyMatch(l -> l.contains(part))) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no line with " + part + ": " + r.out);
    }

    @Test
    void runCollectsBothStreamsAndTheExitStatus() throws Exception {
        ChildProcess.Result r = ChildProcess.run("sh", List.of(program("sh"), "-c", "echo one; echo two; echo oops >&2; exit 3"),
                ENV, LONG, 10);
        assertEquals(List.of("one", "two"), r.stdout());
        assertEquals(List.of("oops"), r.stderr());
        assertEquals(3, r.exit().code());
        assertTrue(r.pid() > 0);
    }

    @Test
    void runKeepsAtMostMaxLinesAndCountsTheRest() throws Exception {
        ChildProcess.Result r = ChildProcess.run("seq", List.of(program("seq"), "1", "500"), ENV, LONG, 5);
        assertEquals(List.of("1", "2", "3", "4", "5"), r.stdout());
        assertEquals(495, r.droppedLines());
    }

    @Test
    void runOfAMissingProgramSaysSoInItsExit() throws Exception {
        ChildProcess.Result r = ChildProcess.run("nope", List.of("/nonexistent/program"), ENV, LONG, 5);
        assertFalse(r.exit().failure().isEmpty(), r.exit().toString());
    }

    @Test
    void runInterruptedKillsTheChildAndThrows() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                ChildProcess.run("sleep", List.of(program("sleep"), "30"), ENV, LONG, 5);
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        t.start();
        Thread.sleep(300);
        t.interrupt();
        Throwable e = thrown.get(HangGuard.MILLIS, TimeUnit.MILLISECONDS); // a run that ignored it returns at 30 s
        assertTrue(e instanceof InterruptedException, String.valueOf(e));
        t.join();
    }

    @Test
    void javaCommandRunsAHelperMainClassInAChildJvm() throws Exception {
        List<String> cmd = JavaCommand.of(CHILD, List.of(), List.of("--help"));
        assertEquals(JavaCommand.java(), cmd.get(0));
        assertTrue(cmd.containsAll(JavaCommand.standardFlags()));
        assertEquals(CHILD.getName(), cmd.get(cmd.size() - 2));
        ChildProcess.Result r = ChildProcess.run("child", cmd, JavaCommand.environment(), LONG, 50);
        assertEquals(2, r.exit().code(), r.toString());
        assertFalse(r.stderr().isEmpty(), r.toString());
    }

    private static Class<?> taskChild() {
        try {
            return Class.forName("ptlab.child.Child");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
