package ptlab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ptlab.testing.NoLeftovers;

/** Display frames as docs/architecture.md specifies them, decoded by an independent JSON parser. */
@ExtendWith(NoLeftovers.class)
class DisplayTest {

    private static final Pattern FRAME = Pattern.compile("\u001B\\]ptlab;(display|update|clear);([A-Za-z0-9+/]*={0,2})\u0007\n");

    /** Records every print call, so that "one frame = one print" can be checked. */
    private static final class Recorder extends PrintStream {
        final List<String> prints = new ArrayList<>();
        int flushes;

        Recorder() {
            super(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8);
        }

        @Override
        public void print(String s) {
            prints.add(s);
        }

        @Override
        public void println(String s) {
            prints.add(s + "\n");
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private PrintStream realOut;
    private String realProperty;
    private Recorder out;

    @BeforeEach
    void capture() {
        realOut = System.out;
        realProperty = System.getProperty(Display.PROPERTY);
        out = new Recorder();
        System.setOut(out);
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        if (realProperty == null) {
            System.clearProperty(Display.PROPERTY);
        } else {
            System.setProperty(Display.PROPERTY, realProperty);
        }
    }

    /** Decodes the single frame printed: verb and JSON. */
    private JsonObject frame(String expectedVerb) {
        assertEquals(1, out.prints.size(), "one print call per frame: " + out.prints);
        assertTrue(out.flushes >= 1, "flushed");
        Matcher m = FRAME.matcher(out.prints.get(0));
        assertTrue(m.matches(), "well-formed frame: " + out.prints.get(0));
        assertEquals(expectedVerb, m.group(1));
        String json = new String(Base64.getDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
        out.prints.clear();
        return JsonParser.parseString(json).getAsJsonObject();
    }

    private static Map<String, String> data(JsonObject frame) {
        Map<String, String> data = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : frame.getAsJsonObject("data").entrySet()) {
            data.put(e.getKey(), e.getValue().getAsString());
        }
        return data;
    }

    @Test
    void displayWritesOneFrameThatDecodesToTheSameBundle() {
        System.setProperty(Display.PROPERTY, Display.FRAMES);
        String nasty = "<b>\"quotes\" & back\\slash</b>\n\ttab, Zoë 任务 \uD83D\uDE00, \u0000\u001B\u0007\u2028 end";
        MimeBundle bundle = MimeBundle.of("plain " + nasty).with("text/html", nasty).with("image/svg+xml", "<svg/>");
        String id = Display.display(bundle);
        JsonObject f = frame("display");
        assertEquals(bundle.data(), data(f));
        assertEquals(List.of("text/plain", "text/html", "image/svg+xml"), new ArrayList<>(data(f).keySet()));
        assertEquals(0, f.getAsJsonObject("metadata").size());
        assertEquals(id, f.get("display_id").getAsString());
    }

    @Test
    void updateUsesTheDisplayId() {
        System.setProperty(Display.PROPERTY, Display.FRAMES);
        String id = Display.display("first");
        assertEquals(Map.of("text/plain", "first"), data(frame("display")));
        Display.updateDisplay(id, Display.html("<i>second</i>"));
        JsonObject f = frame("update");
        assertEquals(id, f.get("display_id").getAsString());
        assertEquals("<i>second</i>", data(f).get("text/html"));
    }

    @Test
    void clearWritesItsWaitFlag() {
        System.setProperty(Display.PROPERTY, Display.FRAMES);
        Display.clearOutput(true);
        assertTrue(frame("clear").get("wait").getAsBoolean());
        Display.clearOutput(false);
        assertFalse(frame("clear").get("wait").getAsBoolean());
    }

    @Test
    void withoutFramesItPrintsTheText() {
        System.clearProperty(Display.PROPERTY);
        Display.display(Display.html("<b>x</b>", "x in bold"));
        Display.display(42);
        Display.display(null);
        Display.clearOutput(true);
        assertEquals(List.of("x in bold\n", "42\n", "null\n"), out.prints);
        System.setProperty(Display.PROPERTY, "something-else");
        Display.display("plain");
        assertEquals("plain\n", out.prints.get(3));
    }

    @Test
    void valuesBecomeBundles() {
        Displayable d = () -> MimeBundle.of("mine").with("text/markdown", "*mine*");
        assertEquals("*mine*", Display.bundleOf(d).get("text/markdown").orElseThrow());
        assertEquals(MimeBundle.of("[1, 2]"), Display.bundleOf(List.of(1, 2)));
        assertEquals("# T", Display.markdown("# T").get("text/markdown").orElseThrow());
        assertEquals("(an SVG picture, shown in a notebook)", Display.svg("<svg/>").text());
        assertEquals("AQI=", Display.png(new byte[] {1, 2}, "two bytes").get("image/png").orElseThrow());
        assertThrows(NullPointerException.class, () -> Display.bundleOf((Displayable) () -> null));
    }

    @Test
    void argumentsAreChecked() {
        assertTrue(assertThrows(NullPointerException.class, () -> Display.updateDisplay(null, "x")).getMessage().contains("displayId"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Display.updateDisplay(" ", "x")).getMessage()
                .startsWith("displayId must not be blank"));
        assertTrue(assertThrows(NullPointerException.class, () -> Display.html(null)).getMessage().contains("html"));
        assertThrows(NullPointerException.class, () -> Display.svg(null));
        assertThrows(NullPointerException.class, () -> Display.markdown(null));
        assertThrows(NullPointerException.class, () -> Display.png(null, "t"));
    }

    @Test
    void mimeTypesChooseTheFormsAndTextTakesTheFormItIsNamed() {
        MimeBundle rich = MimeBundle.of("t").with("text/html", "<b>t</b>").with("text/markdown", "*t*");
        assertEquals(MimeBundle.of("t").with("text/html", "<b>t</b>"), Display.bundleOf(rich, "text/html"));
        assertEquals(MimeBundle.of("<b>hi</b>").with("text/html", "<b>hi</b>"), Display.bundleOf("<b>hi</b>", "text/html"));
        assertEquals(MimeBundle.of("t"), Display.bundleOf(rich, "text/plain"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Display.bundleOf(42, "image/png"));
        assertEquals("mimeTypes: Integer has no image/png form; allowed: text/plain", e.getMessage());
    }

    @Test
    void renderShowsNothingUntilItsValueIsTakenThenIsOneDisplayFrameOrTheText() {
        System.setProperty(Display.PROPERTY, Display.FRAMES);
        Rendered r = Display.render("<i>x</i>", "text/html");
        assertEquals(List.of(), out.prints);
        Matcher m = FRAME.matcher(r.toString() + "\n");
        assertTrue(m.matches(), r.toString());
        assertEquals("display", m.group(1));
        assertEquals(MimeBundle.of("<i>x</i>").with("text/html", "<i>x</i>"), r.toMimeBundle());
        String big = "x".repeat(Rendered.VALUE_LIMIT);
        assertEquals("", Display.render(Display.html(big, "big")).toString(), "too big for JShell's value: a display");
        assertEquals(big, data(frame("display")).get("text/html"));
        System.clearProperty(Display.PROPERTY);
        assertEquals("<i>x</i>", r.toString());
    }
}
