package ptlab.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.StringReader;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

/** The one escaping helper: each form escapes what its format needs, and nothing a reader would not undo. */
class EscapeTest {

    @Test
    void markupEscapesTheFiveSpecialCharactersAndReplacesWhatXmlCannotHold() throws Exception {
        assertEquals("&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Escape.markup("<b> & \"c\" 'd'"));
        assertEquals("a\tb\nc", Escape.markup("a\tb\nc"), "tab and line feed stay (a <pre> keeps its lines)");
        assertEquals("x\uFFFDy\uFFFDz\uFFFD", Escape.markup("x\u0001y\uFFFEz\uD800"));
        assertEquals("é任\uD83D\uDE00", Escape.markup("é任\uD83D\uDE00"), "pairs and other text unchanged");
        String odd = "t\u0001'\"<x>&\uDC00";
        String xml = "<a b=\"" + Escape.markup(odd) + "\">" + Escape.markup(odd) + "</a>";
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        assertEquals("t\uFFFD'\"<x>&\uFFFD", doc.getDocumentElement().getAttribute("b"));
        assertEquals("t\uFFFD'\"<x>&\uFFFD", doc.getDocumentElement().getTextContent());
    }

    @Test
    void jsonQuotesAndEscapesControlsSeparatorsAndUnpairedSurrogates() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\"", Escape.json("a\"b\\c\n\r\t\b\f"));
        assertEquals("\"\\u0001\\u007f\\u2028\\u2029\"", Escape.json("\u0001\u007f\u2028\u2029"));
        assertEquals("\"a\uFFFDb\uFFFD\uD83D\uDE00\"", Escape.json("a\uD800b\uDC00\uD83D\uDE00"));
        StringBuilder b = new StringBuilder("x=");
        Escape.json(b, "<é>");
        assertEquals("x=\"<é>\"", b.toString());
    }

    @Test
    void aProtocolLineHasNoTabOrLineEndAndKeepsQuotesAndSurrogates() {
        StringBuilder b = new StringBuilder();
        Escape.line(b, "a\tb\nc\rd\\e\"f\u0001\u2028\uD800");
        assertEquals("a\\tb\\nc\\rd\\\\e\"f\\u0001\\u2028\uD800", b.toString());
        assertFalse(b.toString().contains("\t") || b.toString().contains("\n") || b.toString().contains("\r"));
    }
}
