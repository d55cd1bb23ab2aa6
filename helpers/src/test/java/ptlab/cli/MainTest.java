package ptlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

import ptlab.Limits;
import ptlab.testing.NoLeftovers;

/** The command line: help, exit codes, one-line errors, and real demo runs that write their files. */
@ExtendWith(NoLeftovers.class)
class MainTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
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
            assertTrue(r.out().startsWith("usage: java -jar ptlab-helpers.jar demo NAME [--tasks N] [--seconds S] [--svg FILE] [--trace FILE]"),
                    r.out());
            for (String name : Demos.all().keySet()) {
                assertTrue(r.out().contains("\n  " + name + " "), name + " in:\n" + r.out());
            }
        }
        assertEquals(List.of("simple", "cpu", "io"), List.copyOf(Demos.all().keySet()));
        assertFalse(run("--help").out().contains("gil"), "no names that do nothing");
    }

    @Test
    void wrongCommandsAreOneLineErrorsWithExitCode2() {
        assertUsage(run(), "no command", "simple, cpu, io");
        assertUsage(run("demos"), "unknown command \"demos\"", "allowed: demo");
        assertUsage(run("demo"), "demo needs a name", "simple, cpu, io");
        assertUsage(run("demo", "gil"), "unknown demo \"gil\"", "available demos: simple, cpu, io");
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
            if (e.getAsJsonObject().get("ph").getAsString().equals("X")) {
                slices++;
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
}
