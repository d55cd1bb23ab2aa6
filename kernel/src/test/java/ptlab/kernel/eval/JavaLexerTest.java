package ptlab.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class JavaLexerTest {

    /** The elements of {@code text} that are not single characters of code, as "KIND[start,end)=body". */
    private static List<String> nonCode(String text) {
        List<String> found = new ArrayList<>();
        JavaLexer lex = new JavaLexer(text);
        while (lex.next()) {
            if (lex.kind() != JavaLexer.Kind.CODE) {
                found.add(lex.kind() + "[" + lex.start() + "," + lex.end() + ")=" + lex.body() + (lex.closed() ? "" : " open"));
            }
        }
        return found;
    }

    /** The code of {@code text}, blanks included, comments and literals left out. */
    private static String code(String text) {
        StringBuilder b = new StringBuilder();
        JavaLexer lex = new JavaLexer(text);
        while (lex.next()) {
            if (lex.kind() == JavaLexer.Kind.CODE) {
                b.append(lex.code());
            }
        }
        return b.toString();
    }

    @Test
    void commentsAreOneElementEach() {
        assertEquals(List.of("COMMENT[2,8)=  (;", "COMMENT[9,16)= ; ", "COMMENT[17,22)= x  open"),
                nonCode("a //  (;\n/* ; */b/* x "));
        assertEquals("a \nb", code("a //  (;\n/* ; */b/* x "));
    }

    @Test
    void stringsEndAtTheirQuoteOrTheLineAndSkipEscapes() {
        assertEquals(List.of("STRING[4,12)=a\\\";//", "STRING[13,16)=b; open"), nonCode("s = \"a\\\";//\";\"b;\nx"));
        assertEquals("s = ;\nx", code("s = \"a\\\";//\";\"b;\nx"));
    }

    @Test
    void characterLiteralsHoldQuotesAndEscapes() {
        assertEquals(List.of("CHAR[0,3)=\"", "CHAR[4,8)=\\'", "CHAR[9,12)=;"), nonCode("'\"' '\\'' ';'"));
        assertEquals("  ", code("'\"' '\\'' ';'"));
    }

    @Test
    void textBlocksSpanLinesAndHoldSingleQuotes() {
        String text = "t = \"\"\"\n  a \"b\" ; // not a comment\n  \\\"\"\" still in\n  \"\"\";";
        assertEquals(List.of("TEXT_BLOCK[4," + (text.length() - 1) + ")=" + text.substring(7, text.length() - 4)), nonCode(text));
        assertEquals("t = ;", code(text));
        assertEquals(List.of("TEXT_BLOCK[0,11)=\n  open; open"), nonCode("\"\"\"\n  open;"));
    }

    @Test
    void unicodeEscapesAreTheCharactersTheyStandFor() {
        // \u0022 is a quote: the string runs from it to the next quote; positions stay those of the text
        String text = "s = \\u0022a;\\u0022;";
        assertEquals(List.of("STRING[4,18)=a;"), nonCode(text));
        assertEquals("s = ;", code(text));
        assertEquals("x;", code("x\\uuu003b")); // any number of u
        // after an odd number of backslashes there is no escape: "\\u0022" is a backslash, then u0022
        assertEquals(List.of("STRING[0,9)=\\\\u0022"), nonCode("\"\\\\u0022\""));
        assertEquals("\\u00", code("\\u00")); // too short to be an escape
    }

    @Test
    void blanksAndCommentsAreBlankAndTheRestIsNot() {
        List<Boolean> blank = new ArrayList<>();
        JavaLexer lex = new JavaLexer("a /**/\"\"");
        while (lex.next()) {
            blank.add(lex.blank());
        }
        assertEquals(List.of(false, true, true, false), blank);
        assertFalse(new JavaLexer("").next());
        JavaLexer one = new JavaLexer("x");
        assertTrue(one.next());
        assertFalse(one.next());
    }
}
