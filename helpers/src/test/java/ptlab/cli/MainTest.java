package ptlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import ptlab.python.Python;
import ptlab.task.Limits;
import ptlab.testing.NoLeftovers;

/** The command line: help, exit codes, one-line errors, and real demo runs that write their files. */
@ExtendWith(NoLeftovers.class)
class MainTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        return run(Demos.all(), args);
    }

    static Result run(Map<String, Demo> demos, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                demos);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Exit code 2, nothing on stdout, exactly one line on stderr that contains every given piece. */
    static void assertUsage(Result r, String... pieces) {
        assertEquals(Main.USAGE, r.code(), r.toString());
        assertEquals("", r.out(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: "), r.err());
        for (String p : pieces) {
            assertTrue(lines.get(0).contains(p), "\"" + p + "\" in: " + lines.get(0));
        }
    }

    @Test
    void helpListsTheDemosThatExist() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {"help"}, {"demo", "simple", "--help"}}) {
            Result r = run(args);
            assertEquals(Main.OK, r.code());
            assertEquals("", r.err());
            assertTrue(r.out().startsWith("usage: java -jar ptlab-helpers.jar demo simple|cpu|io|gil|race|deadlock [--tasks N] [--seconds S] "
                    + "[--svg FILE] [--trace FILE]\n"), r.out());
            for (String name : Demos.all().keySet()) {
                assertTrue(r.out().contains("\n  " + name + " "), name + " in:\n" + r.out());
            }
        }
        assertEquals(List.of("simple", "cpu", "io", "gil", "race", "deadlock"), List.copyOf(Demos.all().keySet()));
        String help = run("--help").out();
        assertTrue(help.contains("--svg FILE    write the timeline of all runs as an SVG picture (not for race, deadlock: they draw no timeline)"),
                help);
        assertTrue(help.contains("not for race, deadlock)"), "where --seconds does not apply:\n" + help);
        assertTrue(help.contains("3 something the demo needs is missing (gil: python3)"), help);
        assertTrue(help.contains("\n  gil       prime counting on CPython threads, CPython processes and Java threads; needs python3 (default 3 tasks of 0.4 s)\n"),
                help);
        assertTrue(help.contains("; a thread per task (default 4 tasks)\n"), help);
        assertFalse(help.lines().filter(l -> l.startsWith("  deadlock ")).findFirst().orElseThrow().contains("default"),
                "deadlock takes no sizes:\n" + help);
    }

    @Test
    void wrongCommandsAreOneLineErrorsWithExitCode2() {
        assertUsage(run(), "no command", "simple, cpu, io, gil, race, deadlock");
        assertUsage(run("demos"), "unknown command \"demos\"", "allowed: demo");
        assertUsage(run("demo"), "demo needs a name", "simple, cpu, io, gil, race, deadlock");
        assertUsage(run("demo", "fork"), "unknown demo \"fork\"", "available demos: simple, cpu, io, gil, race, deadlock");
        assertUsage(run("demo", "--tasks", "3"), "demo needs a name");
    }

    @Test
    void wrongOptionsNameTheOptionAndTheAllowedRange() {
        assertUsage(run("demo", "simple", "--tasks", "0"), "--tasks = 0 is out of range; allowed: 1 to " + Limits.MAX_PROCESSES,
                "Limits.MAX_PROCESSES");
        assertUsage(run("demo", "simple", "--tasks", String.valueOf(Limits.MAX_PROCESSES + 1)), "--tasks = 9", "1 to 8");
        assertUsage(run("demo", "io", "--tasks", "65"), "--tasks = 65 is out of range; allowed: 1 to " + Limits.MAX_PLATFORM_THREADS);
        assertUsage(run("demo", "simple", "--tasks", "three"), "--tasks = \"three\" is not a whole number");
        assertUsage(run("demo", "simple", "--seconds", "-1"), "--seconds = -1 is out of range; allowed: 0.000001 to 20 with 3 tasks");
        assertUsage(run("demo", "simple", "--seconds", "0"), "--seconds = 0 is out of range");
        assertUsage(run("demo", "simple", "--seconds", "NaN"), "--seconds = \"NaN\" is not a number");
        assertUsage(run("demo", "simple", "--seconds", "1s"), "--seconds = \"1s\" is not a number");
        assertUsage(run("demo", "simple", "--tasks", "1", "--seconds", "31"), "--seconds = 31 is out of range; allowed: 0.000001 to 30 with 1 task",
                "Limits.MAX_TASK_DURATION");
        assertUsage(run("demo", "simple", "--tasks=4", "--seconds=16"), "allowed: 0.000001 to 15 with 4 tasks", "Limits.MAX_RUN_TIME");
        assertUsage(run("demo", "cpu", "--tasks", "3", "--seconds", "11"), "allowed: 0.000001 to 10 with 3 tasks", "half of Limits.MAX_RUN_TIME");
        assertUsage(run("demo", "simple", "--svg"), "--svg needs a value");
        assertUsage(run("demo", "simple", "--fast"), "unknown option --fast", "--tasks, --seconds, --svg, --trace");
        assertUsage(run("demo", "simple", "extra"), "unexpected argument \"extra\"");
        assertUsage(run("demo", "simple", "--tasks", "2", "--tasks", "3"), "--tasks is given twice");
        assertUsage(run("demo", "simple", "--svg", "/no/such/folder/t.svg"), "--svg", "does not exist");
        assertUsage(run("demo", "simple", "--trace", ""), "--trace needs a file name");
    }

    @Test
    void simpleDemoRunsAndWritesTheTimelineAndTheTrace(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("t.svg");
        Path trace = dir.resolve("t.json");
        Result r = run("demo", "simple", "--tasks", "2", "--seconds", "0.05", "--svg", svg.toString(), "--trace", trace.toString());
        assertEquals(Main.OK, r.code(), r.toString());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("=== demo simple: 2 tasks of 0.05 s ===\n"), r.out());
        for (String runner : List.of("sequential", "threads", "processes")) {
            assertTrue(r.out().contains("\n" + runner + ": 2 tasks, wall time "), runner + " in the timeline:\n" + r.out());
        }
        assertTrue(r.out().contains("wrote the timeline to " + svg), r.out());
        assertTrue(r.out().contains("wrote the trace to " + trace), r.out());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(svg))));
        NodeList groups = doc.getElementsByTagNameNS("*", "g");
        int runs = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            if ("ptlab-run".equals(((Element) groups.item(i)).getAttribute("class"))) {
                runs++;
            }
        }
        assertEquals(3, runs);
        long slices = 0;
        for (JsonElement e : JsonParser.parseString(Files.readString(trace)).getAsJsonObject().getAsJsonArray("traceEvents")) {
            if (e.getAsJsonObject().get("ph").getAsString().equals("X") && !e.getAsJsonObject().get("cat").getAsString().equals("cpu")) {
                slices++; // a task's slice; "cpu" slices are its stretches on a CPU inside it
            }
        }
        assertEquals(6, slices, "2 tasks in each of 3 runs");
    }

    @Test
    void ioAndCpuDemosRun() {
        Result io = run("demo", "io", "--tasks", "2", "--seconds", "0.02");
        assertEquals(Main.OK, io.code(), io.toString());
        for (String runner : List.of("sequential", "threads", "virtual threads", "pool of 2")) {
            assertTrue(io.out().contains("\n" + runner + ": 2 tasks, wall time "), runner + ":\n" + io.out());
        }
        Result cpu = run("demo", "cpu", "--tasks", "2", "--seconds", "0.05");
        assertEquals(Main.OK, cpu.code(), cpu.toString());
        assertTrue(cpu.out().contains("CPU quota"), "the CPUs come first:\n" + cpu.out());
        assertTrue(cpu.out().contains("\nthreads: 2 tasks, wall time "), cpu.out());
    }

    @Test
    void optionsADemoCannotHonourAreRefusedBeforeItRuns() {
        assertUsage(run("demo", "race", "--seconds", "1"), "--seconds does not apply to demo race", "1,000,000 times", "Race.TIME_BOUND, 20 s");
        assertUsage(run("demo", "race", "--svg", "t.svg"), "--svg does not apply to demo race: it draws no timeline");
        assertUsage(run("demo", "race", "--trace=t.json"), "--trace does not apply to demo race: it draws no timeline");
        assertUsage(run("demo", "race", "--svg"), "--svg does not apply to demo race");
        assertUsage(run("demo", "race", "--tasks", "9"), "--tasks = 9 is out of range; allowed: 1 to 8 for demo race", "Race.MAX_DEMO_THREADS");
        assertUsage(run("demo", "deadlock", "--tasks", "2"), "--tasks does not apply to demo deadlock: it always runs two threads, thread-A and thread-B");
        assertUsage(run("demo", "deadlock", "--seconds", "1"), "--seconds does not apply to demo deadlock", "Deadlock.DEFAULT_BOUND");
        assertUsage(run("demo", "deadlock", "--trace", "t.json"), "--trace does not apply to demo deadlock: it draws no timeline");
        assertUsage(run("demo", "gil", "--seconds", "0.0005"), "--seconds = 0.0005 is out of range; allowed: 0.001 to 10 with 3 tasks", "the GIL");
        assertUsage(run("demo", "gil", "--tasks", "9"), "--tasks = 9 is out of range; allowed: 1 to 8 for demo gil", "PythonRunner.MAX_PROCESS_TASKS");
    }

    @Test
    void gilWithoutPythonSaysSoInOneLineWithExitCode3() {
        Map<String, Demo> demos = new LinkedHashMap<>(Demos.all());
        demos.put("gil", Demos.gil(Optional::empty));
        Result r = run(demos, "demo", "gil", "--tasks", "2");
        assertEquals(Main.MISSING, r.code(), r.toString());
        assertEquals("", r.out(), "nothing runs");
        assertEquals(List.of("error: demo gil cannot run on this machine: " + Python.notFound()), r.err().lines().toList());
        assertUsage(run(demos, "demo", "gil", "--tasks", "0"), "--tasks = 0 is out of range"); // bad arguments still say so first
    }

    /** A row of the race table: counter, threads, expected, actual, lost. */
    private static final Pattern RACE_ROW = Pattern.compile("^([A-Z_]+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +[0-9.]+ +[0-9.]+ ms +[0-9.]+ +[█▌·]+$");

    /** The demo's counters: two racy ones, then the four fixes. */
    private static final List<String> RACY = List.of("PLAIN", "VOLATILE");
    private static final List<String> FIXES = List.of("SYNCHRONIZED", "ATOMIC_LONG", "LONG_ADDER", "REENTRANT_LOCK");

    @Test
    void raceRacesOneThreadPerTaskAndTheFixesLoseNothing() {
        Result r = run("demo", "race", "--tasks", "2");
        assertEquals(Main.OK, r.code(), r.toString());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("=== demo race: 2 tasks ===\n"), r.out());
        assertTrue(r.out().contains("\n2 threads each add 1 to one shared counter 1,000,000 times: expected 2000000\n"), r.out());
        Map<String, Integer> rows = new HashMap<>();
        long racyLost = 0;
        for (String line : r.out().lines().toList()) {
            Matcher m = RACE_ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String c = m.group(1);
            assertTrue(RACY.contains(c) || FIXES.contains(c), line);
            rows.merge(c, 1, Integer::sum);
            assertEquals(2, Long.parseLong(m.group(2)), line);
            long expected = Long.parseLong(m.group(3));
            long actual = Long.parseLong(m.group(4));
            long lost = Long.parseLong(m.group(5));
            assertEquals(2_000_000, expected, line);
            assertEquals(expected, actual + lost, line);
            if (FIXES.contains(c)) {
                assertEquals(0, lost, "a fix loses nothing: " + line);
            } else {
                racyLost = Math.max(racyLost, lost);
            }
        }
        for (String c : RACY) {
            assertEquals(2, rows.getOrDefault(c, 0), c + " rows in:\n" + r.out());
        }
        for (String c : FIXES) {
            assertEquals(1, rows.getOrDefault(c, 0), c + " rows in:\n" + r.out());
        }
        assertTrue(r.out().contains(racyLost > 0 ? "The racy counters lost updates; every fix lost none." : "lost no update this time"),
                r.out());
        assertFalse(r.out().contains("wall time"), "no timeline:\n" + r.out());
    }

    @Test
    void deadlockNamesTheCycleBreaksItAndShowsBothFixes() {
        Result r = run("demo", "deadlock");
        assertEquals(Main.OK, r.code(), r.toString());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("=== demo deadlock ===\n"), r.out());
        assertTrue(r.out().contains("findDeadlockedThreads() names thread-A and thread-B"), r.out());
        assertTrue(r.out().contains("\ncycle: thread-A holds lock 1 and waits for lock 2, held by thread-B; "
                + "thread-B holds lock 2 and waits for lock 1, held by thread-A\n"), r.out());
        assertTrue(r.out().contains("\nbroken by interrupting thread-B\n"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.equals("no deadlock")).count(), "both fixes:\n" + r.out());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("all threads gone: yes")).count(), r.out());
    }

    @Test
    void gilRunsCPythonThreadsInOneProcessAndCPythonProcessesInSeveral(@TempDir Path dir) throws Exception {
        assumeTrue(Python.find().isPresent(), Python.notFound());
        Path svg = dir.resolve("gil.svg");
        Result r = run("demo", "gil", "--tasks", "2", "--seconds", "0.05", "--svg", svg.toString());
        assertEquals(Main.OK, r.code(), r.toString());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("=== demo gil: 2 tasks of 0.05 s ===\n"), r.out());
        assertTrue(r.out().contains("\nPython: "), r.out());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(Files.readString(svg))));
        Map<String, Set<Long>> pids = new LinkedHashMap<>();
        NodeList groups = doc.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element run = (Element) groups.item(i);
            if (!"ptlab-run".equals(run.getAttribute("class"))) {
                continue;
            }
            Set<Long> set = new HashSet<>();
            NodeList inner = run.getElementsByTagNameNS("*", "g");
            for (int j = 0; j < inner.getLength(); j++) {
                Element g = (Element) inner.item(j);
                if ("ptlab-process".equals(g.getAttribute("class"))) {
                    set.add(Long.parseLong(g.getAttribute("data-pid")));
                }
            }
            pids.put(run.getAttribute("data-runner"), set);
        }
        assertEquals(List.of("CPython threads", "CPython processes", "Java threads"), List.copyOf(pids.keySet()));
        long me = ProcessHandle.current().pid();
        assertEquals(1, pids.get("CPython threads").size(), "threads share one python3: " + pids);
        assertFalse(pids.get("CPython threads").contains(me), pids.toString());
        assertEquals(2, pids.get("CPython processes").size(), "one python3 per task: " + pids);
        assertFalse(pids.get("CPython processes").contains(me), pids.toString());
        assertEquals(Set.of(me), pids.get("Java threads"), "Java threads run in this JVM: " + pids);
        assertTrue(r.out().contains("\nrun                   wall  CPU (sum)  CPUs busy  PIDs\n"), r.out());
    }
}
