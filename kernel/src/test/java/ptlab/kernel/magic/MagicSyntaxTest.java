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
}
