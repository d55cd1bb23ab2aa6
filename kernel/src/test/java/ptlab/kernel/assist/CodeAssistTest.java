package ptlab.kernel.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import javax.tools.ToolProvider;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeAssistTest {

    static JShell jshell;
    static SourceCodeAnalysis analysis;

    @BeforeAll
    static void start() {
        jshell = JShell.builder().executionEngine("local").build();
        analysis = jshell.sourceCodeAnalysis();
        jshell.eval("int counter = 0;");
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    @Test
    void isCompleteKnowsCompleteIncompleteAndInvalid() {
        assertEquals(CodeAssist.COMPLETE, CodeAssist.isComplete(analysis, "1 + 1"));
        assertEquals(CodeAssist.COMPLETE, CodeAssist.isComplete(analysis, "int x = 5"));
        assertEquals(CodeAssist.COMPLETE, CodeAssist.isComplete(analysis, "int a = 1;\nint b = a + 1;\nb"));
        assertEquals(CodeAssist.COMPLETE, CodeAssist.isComplete(analysis, "%jars lib/*.jar\n1 + 1"));
        assertEquals(CodeAssist.COMPLETE, CodeAssist.isComplete(analysis, ""));
        assertEquals("    ", CodeAssist.isComplete(analysis, "for (int i = 0; i < 3; i++) {"));
        assertEquals("        ", CodeAssist.isComplete(analysis, "void f() {\n    if (true) {"));
        assertEquals("", CodeAssist.isComplete(analysis, "int y ="));
        for (String invalid : new String[] {"int x = );", "}", "1 +* 2", "class 5 {}", "int 3x = 4;", "\"abc"}) {
            assertEquals(CodeAssist.INVALID, CodeAssist.isComplete(analysis, invalid), invalid);
        }
    }

    @Test
    void completionFindsMembersAndDefinedNames() {
        String code = "int a = 1;\nMath.ab";
        ReplacementOptions o = CodeAssist.complete(analysis, code, code.length());
        assertTrue(o.getReplacements().contains("abs("), o.getReplacements().toString());
        assertEquals(code.length() - 2, o.getSourceStart());
        assertEquals(code.length(), o.getSourceEnd());
        assertEquals(o.getReplacements().size(), o.getReplacements().stream().distinct().count(), "each match once");

        ReplacementOptions c = CodeAssist.complete(analysis, "coun", 4);
        assertTrue(c.getReplacements().contains("counter"), c.getReplacements().toString());
    }

    @Test
    void completionAfterAMagicLine() {
        String code = "%jars lib/*.jar\nSystem.out.printl";
        ReplacementOptions o = CodeAssist.complete(analysis, code, code.length());
        assertTrue(o.getReplacements().contains("println("), o.getReplacements().toString());
    }

    @Test
    void inspectGivesTheSignatureOfTheNameUnderTheCursor() {
        DisplayData d = CodeAssist.inspect(analysis, "Math.abs", 8);
        assertNotNull(d);
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("Math.abs(int"), text);
        DisplayData mid = CodeAssist.inspect(analysis, "int q = Math.max(1, 2);", 14); // in "max"
        assertNotNull(mid);
        assertTrue(((String) mid.getData(MIMEType.TEXT_PLAIN)).contains("Math.max("));
        assertNull(CodeAssist.inspect(analysis, "   ", 1));
    }

    @Test
    void javadocBecomesPlainText() {
        assertEquals("Returns the absolute value of an int value.",
                CodeAssist.plainJavadoc("Returns the absolute value of an {@code int} value.<p>"));
        assertEquals("See Math.max and $1.", CodeAssist.plainJavadoc("See {@link Math#max Math.max} and $1."));
        assertEquals("named worker-<task name>, at most Limits.MAX tasks",
                CodeAssist.plainJavadoc("named {@code worker-<task name>}, at most <b>{@value Limits#MAX}</b> tasks"));
    }

    @Test
    void aJavadocSummaryIsTheFirstSentenceTheParametersAndTheResult() {
        String javadoc = "Runs the {@code tasks} on threads. Each gets its own.\n<p>More text.\n"
                + "@param tasks what to run,\n    in order\n@param name its name\n@return the {@link Report}\n"
                + "@throws IllegalArgumentException never";
        assertEquals("Runs the tasks on threads.\n\nParameters:\n  tasks - what to run, in order\n  name - its name\n"
                + "Returns: the Report", CodeAssist.javadocSummary(javadoc));
        assertEquals("No tags here.", CodeAssist.javadocSummary("No tags here.\nSecond sentence."));
    }

    @Test
    void inspectAfterADotDescribesWhatIsBeforeIt() {
        DisplayData d = CodeAssist.inspect(analysis, "Math.", 5);
        assertNotNull(d, "nothing for Math.");
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).contains("java.lang.Math"), d.getData(MIMEType.TEXT_PLAIN).toString());
    }

    @Test
    void javadocComesFromASourcesJarOnceItIsAdded(@TempDir Path dir) throws IOException {
        String source = "package demo;\n/** Greets. */\npublic class Greeter {\n"
                + "    /**\n     * Says hello to someone. Politely.\n     *\n     * @param who whom to greet\n"
                + "     * @return the greeting\n     */\n"
                + "    public static String hello(String who) { return \"hello \" + who; }\n}\n";
        Path src = Files.createDirectories(dir.resolve("src/demo")).resolve("Greeter.java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString()));
        Path sources = dir.resolve("demo-sources.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(sources))) {
            jar.putNextEntry(new JarEntry("demo/Greeter.java"));
            jar.write(source.getBytes(StandardCharsets.UTF_8));
        }
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            shell.addToClasspath(classes.toString());
            SourceCodeAnalysis a = shell.sourceCodeAnalysis();
            String before = (String) CodeAssist.inspect(a, "demo.Greeter.hello", 18).getData(MIMEType.TEXT_PLAIN);
            assertTrue(!before.contains("Says hello"), "Javadoc without its sources? " + before);
            assertTrue(CodeAssist.addSources(a, sources), "JShell's list of source places was not found");
            String after = (String) CodeAssist.inspect(a, "demo.Greeter.hello", 18).getData(MIMEType.TEXT_PLAIN);
            assertTrue(after.contains("Says hello to someone.\n\nParameters:\n  who - whom to greet\nReturns: the greeting"), after);
            String jdk = (String) CodeAssist.inspect(a, "Thread.sleep", 12).getData(MIMEType.TEXT_PLAIN);
            assertTrue(jdk.contains("Causes the currently executing thread to sleep"), "the JDK's Javadoc is kept: " + jdk);
        }
    }
}
