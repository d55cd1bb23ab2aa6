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

    @Test
    void manyDeclarationsAreOneSnippetEachAtTheirOwnLine() {
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            cell.append("int v").append(i).append(" = ").append(i).append(";\n");
        }
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis, cell.toString());
        assertEquals(500, pieces.size());
        for (int i = 0; i < 500; i++) {
            String line = "int v" + i + " = " + i + ";";
            assertEquals(line, pieces.get(i).source().strip());
            assertEquals(cell.indexOf(line + "\n"), pieces.get(i).offset());
        }
    }

    @Test
    void aSnippetLongerThanTheFirstLookIsStillOneSnippet() {
        String method = "int sum(int n) {\n" + "    n = n + 1;\n".repeat(40) + "    return n;\n}\n";
        String chain = "List.of(3, 1, 2)\n" + "    .stream()\n".repeat(20) + "    .sorted()\n    .toList();\n";
        String text = "String t = \"\"\"\n" + "    a;\n    // b;\n".repeat(20) + "    \"\"\";\n";
        String comment = "/*\n" + " * x = 1;\n".repeat(30) + " */\n";
        String cell = method + chain + text + comment + "sum(1)";
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis, cell);
        assertEquals(List.of(0, method.length(), cell.indexOf("String t"), cell.indexOf("/*")),
                pieces.stream().map(SnippetSplitter.Piece::offset).toList());
        assertEquals(wholeText(cell), pieces);
        assertEquals(method.strip(), pieces.get(0).source().strip());
        assertTrue(pieces.get(1).source().strip().endsWith(".toList();"), pieces.get(1).source());
        assertTrue(pieces.get(2).source().strip().endsWith("\"\"\";"), pieces.get(2).source());
    }

    @Test
    void anElseFarBelowItsIfBelongsToIt() {
        String cell = "int a = 1;\nif (a > 0)\n    a++;\n" + "// a comment line\n".repeat(30) + "else\n    a--;\na";
        List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis, cell);
        assertEquals(3, pieces.size());
        assertTrue(pieces.get(1).source().contains("a--;"), pieces.get(1).source());
        assertEquals(cell.length() - 1, pieces.get(2).offset());
        assertEquals(wholeText(cell), pieces);
    }

    @Test
    void windowsCutWhereTheWholeTextWould() {
        String filler = "int f = 0;\n".repeat(12);
        List<String> cells = List.of(
                "List.of(1)\n" + "    .stream()\n".repeat(12) + "    .toList()\nString t = \"\"\"\n" + "  ;\n".repeat(12) + "  \"\"\";\n1",
                filler + "int x = 5\n" + "\n".repeat(12) + "int y = 6\n" + filler + "x + y",
                filler + "void f() {\n" + "  int q = 1;\n".repeat(12),
                filler + "int bad = ;\n" + filler,
                filler + "char c = '\"';\nString s = \"/*\";\n" + filler + "s");
        for (String cell : cells) {
            assertEquals(wholeText(cell), SnippetSplitter.split(analysis, cell), cell);
        }
        // a text block or comment never closed: JShell finds no complete snippet in a text that
        // has one, so from the whole text it is one incomplete piece; by windows, the declarations
        // well above it are snippets of their own, and the rest is that piece
        for (String open : List.of("String open = \"\"\"\n", "/* never closed\n")) {
            String cell = filler + open + "int z = 1;\n".repeat(12);
            List<SnippetSplitter.Piece> pieces = SnippetSplitter.split(analysis, cell);
            SnippetSplitter.Piece last = pieces.get(pieces.size() - 1);
            assertFalse(last.complete());
            assertEquals(cell.substring(last.offset()), last.source());
            assertTrue(last.offset() < filler.length(), last.toString());
            assertTrue(pieces.subList(0, pieces.size() - 1).stream().allMatch(p -> p.complete() && p.source().equals("int f = 0;")));
        }
    }

    @Test
    void everyCodeCellOfTheCourseIsCutAsTheWholeTextWouldBe() throws Exception {
        java.nio.file.Path folder = java.nio.file.Path.of("..", "notebooks");
        List<java.nio.file.Path> notebooks;
        try (var files = java.nio.file.Files.list(folder)) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks in " + folder.toAbsolutePath());
        int cells = 0;
        for (java.nio.file.Path notebook : notebooks) {
            var json = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(notebook)).getAsJsonObject();
            for (var cell : json.getAsJsonArray("cells")) {
                var c = cell.getAsJsonObject();
                StringBuilder source = new StringBuilder();
                c.getAsJsonArray("source").forEach(line -> source.append(line.getAsString()));
                boolean magics = source.toString().lines().anyMatch(line -> line.strip().startsWith("%"));
                if (c.get("cell_type").getAsString().equals("code") && !magics) {
                    assertEquals(wholeText(source.toString()), SnippetSplitter.split(analysis, source.toString()),
                            notebook + ":\n" + source);
                    cells++;
                }
            }
        }
        assertTrue(cells > notebooks.size(), cells + " code cells");
    }

    /**
     * The split as JShell makes it from the whole rest of the cell each time (quadratic in the
     * cell's length, so only for checking the split by windows on small cells).
     */
    private static List<SnippetSplitter.Piece> wholeText(String code) {
        List<SnippetSplitter.Piece> pieces = new java.util.ArrayList<>();
        int consumed = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete() && info.source() != null;
            String source = complete ? info.source() : remaining;
            int lead = source.length() - source.stripLeading().length();
            pieces.add(new SnippetSplitter.Piece(source.substring(lead), consumed + lead, complete));
            if (!complete) {
                break;
            }
            consumed += remaining.length() - info.remaining().length();
            remaining = info.remaining();
        }
        return pieces;
    }
}
