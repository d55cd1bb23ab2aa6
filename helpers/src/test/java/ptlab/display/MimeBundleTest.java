package ptlab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class MimeBundleTest {

    @Test
    void textPlainIsAlwaysThereAndFirst() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("text/html", "<b>x</b>");
        m.put("text/plain", "x");
        MimeBundle b = MimeBundle.of(m);
        assertEquals(List.of("text/plain", "text/html"), List.copyOf(b.data().keySet()));
        assertEquals("x", b.text());
        assertEquals("x", b.toString());
        assertEquals(b, MimeBundle.of("x").with("text/html", "<b>x</b>"));
        assertThrows(UnsupportedOperationException.class, () -> b.data().put("a/b", "c"));
        assertEquals("y", b.with("text/plain", "y").text(), "replacing a form");
        assertEquals("x", b.text(), "immutable");
    }

    @Test
    void argumentsAreChecked() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MimeBundle.of(Map.of("text/html", "x"))).getMessage()
                .contains("text/plain"));
        assertTrue(assertThrows(NullPointerException.class, () -> MimeBundle.of((String) null)).getMessage().contains("textPlain"));
        for (String bad : List.of("", "html", "text/", "/html", "text/ html", "a/b/c")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MimeBundle.of("x").with(bad, "y"), bad);
            assertTrue(e.getMessage().startsWith("mimeType = "), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> MimeBundle.of("x").with("text/html", null));
        assertThrows(NullPointerException.class, () -> MimeBundle.of("x").get(null));
        assertEquals("<svg/>", MimeBundle.of("x").with("image/svg+xml", "<svg/>").get("image/svg+xml").orElseThrow());
    }
}
