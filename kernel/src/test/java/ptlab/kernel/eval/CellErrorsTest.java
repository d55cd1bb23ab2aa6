package ptlab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ptlab.kernel.output.Caps;
import ptlab.kernel.session.SnippetOrigin;

class CellErrorsTest {

    static JShell jshell;

    @BeforeAll
    static void start() {
        jshell = JShell.builder().executionEngine("local").build();
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    /** Evaluates one snippet of {@code cell} starting at {@code offset} and formats its compile error. */
    private static CellError compile(String cell, int offset) {
        String source = cell.substring(offset);
        SnippetEvent e = jshell.eval(source).get(0);
        assertEquals(Snippet.Status.REJECTED, e.status(), source);
        return CellErrors.compileError(cell, offset, null, jshell.diagnostics(e.snippet()).toList());
    }

    @Test
    void aCompileErrorShowsTheLineACaretAndJavacsMessage() {
        String cell = "int ok = 1;\nint w = \"a\";";
        CellError e = compile(cell, cell.indexOf("int w"));
        assertEquals(CellError.COMPILE_ERROR, e.ename());
        assertEquals("incompatible types: java.lang.String cannot be converted to int", e.evalue());
        assertEquals(List.of(
                "Compile error in line 2:",
                "    int w = \"a\";",
                "            ^^^",
                "incompatible types: java.lang.String cannot be converted to int"), e.traceback());
    }

    @Test
    void aMissingSymbolKeepsJavacsDetailLines() {
        CellError e = compile("foo(1);", 0);
        assertEquals("cannot find symbol", e.evalue());
        assertTrue(e.traceback().contains("    ^^^"), e.traceback().toString());
        assertTrue(e.traceback().stream().anyMatch(l -> l.contains("symbol:")), e.traceback().toString());
    }

    @Test
    void anUnknownNameAtTheTopLevelHasNoEmptyLocationLine() {
        CellError e = compile("int n = undefinedName + 1;", 0);
        assertTrue(e.traceback().contains("  symbol:   variable undefinedName"), e.traceback().toString());
        assertTrue(e.traceback().stream().noneMatch(l -> l.strip().equals("location: class")), e.traceback().toString());
    }

    @Test
    void aLocationThatNamesSomethingIsKept() {
        jshell.eval("String s = \"a\";");
        CellError e = compile("int k = s.nosuch();", 0);
        assertTrue(e.traceback().stream().anyMatch(l -> l.contains("location: variable s of type java.lang.String")),
                e.traceback().toString());
    }

    @Test
    void anErrorInAHugeLineShowsAWindowAroundIt() {
        String cell = "/*" + " ".repeat(1_000_000) + "*/ int w = \"a\"; /*" + "x".repeat(500) + "*/";
        CellError e = compile(cell, 0);
        String line = e.traceback().get(1);
        String caret = e.traceback().get(2);
        assertTrue(line.length() < 2 * Caps.ERROR_CONTEXT_CHARS + 20, line.length() + " characters");
        assertTrue(line.startsWith("    …") && line.endsWith("…"), line);
        assertEquals("\"a\"", line.substring(caret.indexOf('^'), caret.lastIndexOf('^') + 1));
    }

    @Test
    void theCaretKeepsTabsSoItLinesUp() {
        CellError e = compile("\tint t = \"x\";", 0);
        assertEquals("\t        ^^^", e.traceback().get(2).substring(4));
    }

    @Test
    void snippetFramesAreNamedByCellAndLine() {
        SnippetOrigin origin = new SnippetOrigin("cell [3]", 2);
        StackTraceElement topLevel = new StackTraceElement("", "", "#12", 1);
        StackTraceElement method = new StackTraceElement("", "twice", "#7", 3);
        StackTraceElement library = new StackTraceElement(null, "java.base", null, "java.lang.Integer", "parseInt", "Integer.java", 565);
        assertEquals("cell [3], line 2", CellErrors.frame(topLevel, id -> id.equals("12") ? origin : null));
        assertEquals("twice (cell [3], line 4)", CellErrors.frame(method, id -> origin));
        assertEquals("twice (snippet 7, line 3)", CellErrors.frame(method, id -> null));
        assertEquals("java.base/java.lang.Integer.parseInt(Integer.java:565)", CellErrors.frame(library, id -> null));
    }

    @Test
    void deepRecursionIsCollapsedAndLongTracesAreCapped() {
        List<String> frames = new ArrayList<>(Collections.nCopies(1000, "\tat f (cell [1], line 1)"));
        frames.add("\tat cell [1], line 2");
        List<String> out = CellErrors.compress(frames);
        assertEquals(List.of("\tat f (cell [1], line 1)", "\tat f (cell [1], line 1)", "\tat f (cell [1], line 1)",
                "\t... the frame above repeats 997 more times", "\tat cell [1], line 2"), out);

        List<String> distinct = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            distinct.add("\tat m" + i);
        }
        List<String> capped = CellErrors.compress(distinct);
        assertEquals(CellErrors.MAX_FRAMES + 1, capped.size());
        assertEquals("\t... 60 more frames", capped.get(capped.size() - 1));
    }

    @Test
    void exceptionsBecomeTheirSimpleNameAndMessage() {
        SnippetEvent e = jshell.eval("Integer.parseInt(\"x\")").get(0);
        CellError error = CellErrors.exception(e.exception(), id -> new SnippetOrigin("cell [9]", 1));
        assertEquals("NumberFormatException", error.ename());
        assertEquals("For input string: \"x\"", error.evalue());
        assertEquals("java.lang.NumberFormatException: For input string: \"x\"", error.traceback().get(0));
        assertEquals("\tat cell [9], line 1", error.traceback().get(error.traceback().size() - 1));
        assertTrue(error.traceback().stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("ptlab.kernel")),
                "no JShell or kernel frames: " + error.traceback());
    }

    @Test
    void causesAreShown() {
        SnippetEvent e = jshell.eval("throw new RuntimeException(\"outer\", new IllegalStateException(\"inner\"));").get(0);
        CellError error = CellErrors.exception(e.exception(), id -> null);
        assertEquals("RuntimeException", error.ename());
        assertTrue(error.traceback().contains("Caused by: java.lang.IllegalStateException: inner"), error.traceback().toString());
    }

    @Test
    void theKernelsOwnErrorsAreOneLine() {
        assertEquals(List.of("CellJvmExited: The JVM running your cells exited with status 3; state was reset."),
                CellError.jvmExited(3, null).traceback());
        assertTrue(CellError.jvmExited(134, java.nio.file.Path.of("/tmp/r.log")).evalue().endsWith("It crashed; its report is /tmp/r.log"));
        assertEquals("Interrupted", CellError.interrupted(false).ename());
        assertTrue(CellError.interrupted(true).evalue().contains("state was reset"));
    }
}
