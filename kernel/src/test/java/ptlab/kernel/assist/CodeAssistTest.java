package ptlab.kernel.assist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    }
}
