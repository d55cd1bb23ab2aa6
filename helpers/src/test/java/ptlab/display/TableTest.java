package ptlab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class TableTest {

    @Test
    void textLinesUp() {
        Table t = Table.builder("way", "latency", "note").alignRight(1).title("round trips")
                .row("pipe", "41 µs", "").row("loopback socket", "1 ms", "Zoë").footer("median of 100").build();
        assertEquals("""
                round trips
                way              latency  note
                pipe               41 µs
                loopback socket     1 ms  Zoë
                median of 100""", t.toString());
        assertFalse(t.toString().lines().anyMatch(l -> l.endsWith(" ")), "no trailing spaces");
    }

    @Test
    void cellsAreOneLineAndHtmlIsEscaped() {
        Table t = Table.builder("a").row("x\ny\tz").row("<b>&</b>").build();
        assertEquals("a\nx y z\n<b>&</b>", t.toString());
        String html = t.toHtml();
        assertTrue(html.contains("<td style=\"text-align: left; padding: 2px 8px\">&lt;b&gt;&amp;&lt;/b&gt;</td>"), html);
        assertEquals(html, t.toMimeBundle().get("text/html").orElseThrow());
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, Table::builder);
        assertThrows(NullPointerException.class, () -> Table.builder("a", null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Table.builder("a", "b").row("x")).getMessage()
                .startsWith("cells has 1 values; allowed: exactly 2"));
        assertThrows(IllegalArgumentException.class, () -> Table.builder("a").alignRight(1));
        assertThrows(NullPointerException.class, () -> Table.builder("a").title(null));
    }
}
