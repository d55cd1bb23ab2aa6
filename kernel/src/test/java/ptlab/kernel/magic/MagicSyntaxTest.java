package ptlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class MagicSyntaxTest {

    @Test
    void lineMagicsAndCodeComeOutInOrderWithTheirOffsets() {
        String cell = "%jars lib/a.jar \"my libs/*.jar\"\nint x = 1;\n  %classpath classes\nx";
        MagicSyntax.Plan plan = MagicSyntax.parse(cell);
        assertNull(plan.cellMagic());
        List<MagicSyntax.Step> steps = plan.steps();
        assertEquals(4, steps.size());
        assertEquals(new MagicSyntax.Line("jars", List.of("lib/a.jar", "my libs/*.jar"), "lib/a.jar \"my libs/*.jar\"", 0), steps.get(0));
        MagicSyntax.Code code = (MagicSyntax.Code) steps.get(1);
        assertEquals("\nint x = 1;\n", code.text());
        assertEquals(cell.indexOf("\nint x"), code.offset());
        assertEquals(new MagicSyntax.Line("classpath", List.of("classes"), "classes", cell.indexOf("  %classpath")), steps.get(2));
        MagicSyntax.Code last = (MagicSyntax.Code) steps.get(3);
        assertEquals("\nx", last.text());
        assertEquals(cell.lastIndexOf("\nx"), last.offset());
    }

    @Test
    void aCellMagicTakesTheRestOfTheCell() {
        String cell = "%%time\nThread.sleep(10);\n%jars x.jar\n";
        MagicSyntax.CellMagic m = MagicSyntax.parse(cell).cellMagic();
        assertEquals("time", m.name());
        assertEquals(List.of(), m.args());
        assertEquals(7, m.bodyOffset());
        assertEquals("Thread.sleep(10);\n%jars x.jar\n", m.body());
    }

    @Test
    void percentSignsInCommentsStringsAndTextBlocksAreNotMagics() {
        String cell = String.join("\n",
                "String s = \"\"\"",
                "%d items",
                "  %s more",
                "  \"\"\";",
                "/*",
                "%jars not/a/magic.jar",
                "*/",
                "// %maven no:no:1",
                "int r = 7",
                "%3;");
        MagicSyntax.Plan plan = MagicSyntax.parse(cell);
        assertEquals(List.of(new MagicSyntax.Code(cell.substring(0, cell.indexOf("%3;")), 0),
                new MagicSyntax.Line("3;", List.of(), "", cell.indexOf("%3;"))), plan.steps(),
                "only the last line looks like a magic (and is one: %3; is no valid Java either)");
    }

    @Test
    void aGlobWithSlashStarDoesNotOpenAComment() {
        String cell = "%jars lib/*.jar\n%classpath out/\n1 + 1";
        List<MagicSyntax.Step> steps = MagicSyntax.parse(cell).steps();
        assertEquals(3, steps.size());
        assertEquals("classpath", ((MagicSyntax.Line) steps.get(1)).name());
    }

    @Test
    void plainJavaIsOneCodeStep() {
        String cell = "int m = 10 % 3;\nm";
        assertEquals(List.of(new MagicSyntax.Code(cell, 0)), MagicSyntax.parse(cell).steps());
    }

    @Test
    void theRawArgumentsOfTimeAreTheRestOfTheLine() {
        MagicSyntax.Line l = (MagicSyntax.Line) MagicSyntax.parse("%time Thread.sleep(5); foo(\"a b\")").steps().get(0);
        assertEquals("Thread.sleep(5); foo(\"a b\")", l.rawArgs());
    }

    @Test
    void aMagicAsTheValueOfAnAssignmentIsItsLinesValue() {
        String cell = "int a = 1;\nList<String> added = %jars lib/*.jar\n/* %x */ a";
        List<MagicSyntax.Step> steps = MagicSyntax.parse(cell).steps();
        assertEquals(3, steps.size(), steps.toString());
        assertEquals(new MagicSyntax.Code("int a = 1;\n", 0), steps.get(0));
        MagicSyntax.Code withValue = (MagicSyntax.Code) steps.get(1);
        assertEquals("List<String> added = " + MagicSyntax.placeholder(0) + ";", withValue.text());
        assertEquals(cell.indexOf("List<"), withValue.offset());
        assertEquals(List.of(new MagicSyntax.Line("jars", List.of("lib/*.jar"), "lib/*.jar", cell.indexOf(" %jars"))),
                withValue.calls());
        assertEquals("\n/* %x */ a", ((MagicSyntax.Code) steps.get(2)).text());
    }

    @Test
    void ijavasLineMagicAndCellMagicFunctionsWithLiteralArgumentsAreMagics() {
        String cell = "int a = 1;\nvar j = lineMagic(\"jars\", List.of(\"x.jar\", \"y.jar\")); a++;\n"
                + "cellMagic(\"time\", List.of(), \"\"\"\n    int b = 2;\n    \"\"\");\nlineMagic(\"lsmagic\")\n"
                + "lineMagic(name, List.of())";
        List<MagicSyntax.Step> steps = MagicSyntax.parse(cell).steps();
        assertEquals(5, steps.size(), steps.toString());
        MagicSyntax.Code jars = (MagicSyntax.Code) steps.get(1);
        assertEquals("var j = " + MagicSyntax.placeholder(0) + "; a++;", jars.text());
        assertEquals(List.of(new MagicSyntax.Line("jars", List.of("x.jar", "y.jar"), "x.jar y.jar", cell.indexOf("lineMagic"))),
                jars.calls());
        MagicSyntax.Code time = (MagicSyntax.Code) steps.get(2);
        assertEquals(List.of(new MagicSyntax.CellMagic("time", List.of(), "int b = 2;\n", cell.indexOf("cellMagic"))),
                time.calls());
        assertEquals(List.of(new MagicSyntax.Line("lsmagic", List.of(), "", cell.indexOf("lineMagic(\"lsmagic"))),
                ((MagicSyntax.Code) steps.get(3)).calls());
        assertEquals(new MagicSyntax.Code("\nlineMagic(name, List.of())", cell.indexOf("\nlineMagic(name")), steps.get(4),
                "arguments known only at run time cannot reach a magic in the kernel");
        assertEquals("java.util.List.of(\"a\\\"b\", \"\\u00e9\")", MagicSyntax.javaValue(List.of("a\"b", "\u00e9")));
        assertEquals("null", MagicSyntax.javaValue(null));
    }

    @Test
    void theFunctionsInCommentsAndStringsAreNoMagics() {
        String cell = "// lineMagic(\"jars\", \"x.jar\")\nString s = \"lineMagic(\\\"jars\\\")\";\n/* cellMagic(\"time\", List.of(), \"1\") */ s";
        assertEquals(List.of(new MagicSyntax.Code(cell, 0)), MagicSyntax.parse(cell).steps());
    }
}
