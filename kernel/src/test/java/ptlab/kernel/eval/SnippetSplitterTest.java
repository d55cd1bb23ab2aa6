package ptlab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SnippetSplitterTest {

    static JShell jshell;
    static SourceCodeAnalysis analysis;

    @BeforeAll
    static void start() {
        jshell = JShell.builder().executionEngine("local").build();
        analysis = jshell.sourceCodeAnalysis();
    }

    @AfterAll
    static void stop() {
        jshell.close();
    }

    @Test
    void aCellIsCutIntoSnippetsWithTheirOffsets() {
        String cell = "int x = 1;\nSystem.out.println(x);\nx + 1";
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis, cell);
        assertEquals(3, pieces.size());
        assertEquals("int x = 1;", pieces.get(0).source());
        assertEquals(0, pieces.get(0).offset());
        assertEquals(cell.indexOf("System"), pieces.get(1).offset());
        assertEquals("System.out.println(x);", pieces.get(1).source());
        assertEquals(cell.indexOf("x + 1"), pieces.get(2).offset());
        assertEquals("x + 1", pieces.get(2).source());
        // each piece's text starts where its offset says
        for (SnippetSplitter.Piece p : pieces) {
            String original = p.source().endsWith(";") && !cell.startsWith(p.source(), p.offset())
                    ? p.source().substring(0, p.source().length() - 1) : p.source();
            assertTrue(cell.startsWith(original, p.offset()), p.toString());
        }
    }

    @Test
    void aMissingFinalSemicolonIsAdded() {
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis, "int y = 5");
        assertEquals(List.of(new SnippetSplitter.Piece("int y = 5;", 0, true)), pieces);
    }

    @Test
    void severalStatementsOnOneLineAreSeveralSnippets() {
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis, "int a = 1; int b = 2; a + b");
        assertEquals(3, pieces.size());
        assertEquals(11, pieces.get(1).offset());
        assertEquals("int b = 2;", pieces.get(1).source());
    }

    @Test
    void anIncompleteEndIsKeptAsALastPieceSoThatJShellReportsIt() {
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis, "int z = 3;\nfor (int i = 0; i < z; i++) {");
        assertEquals(2, pieces.size());
        assertFalse(pieces.get(1).complete());
        assertEquals(11, pieces.get(1).offset());
        assertTrue(pieces.get(1).source().startsWith("for"));
    }

    @Test
    void commentsAndBlanksAloneAreNoSnippets() {
        assertEquals(List.of(), SnippetSplitter.split(analysis, "  // nothing\n/* here */\n"));
        assertEquals(List.of(), SnippetSplitter.split(analysis, ""));
    }

    @Test
    void aMethodAndATypeAreOneSnippetEach() {
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis,
                "int twice(int n) {\n  return 2 * n;\n}\nrecord P(int x) {}\ntwice(2)");
        assertEquals(3, pieces.size());
    }

    @Test
    void aSemicolonBeforeACommentStillEndsTheSnippet() {
        assertTrue(SnippetSplitter.endsWithSemicolon("list.add(1);"));
        assertTrue(SnippetSplitter.endsWithSemicolon("list.add(1); // the value is hidden\n"));
        assertTrue(SnippetSplitter.endsWithSemicolon("list.add(1); /* hidden */  "));
        assertFalse(SnippetSplitter.endsWithSemicolon("1 + 1 // not hidden;"));
        assertFalse(SnippetSplitter.endsWithSemicolon("\"a;\""));
        assertFalse(SnippetSplitter.endsWithSemicolon("';'"));
        assertFalse(SnippetSplitter.endsWithSemicolon("\"\"\"\n  a;\n  \"\"\""));
        assertFalse(SnippetSplitter.endsWithSemicolon("\"\\\";\""));
        assertFalse(SnippetSplitter.endsWithSemicolon("x /* ; */"));
    }
}
