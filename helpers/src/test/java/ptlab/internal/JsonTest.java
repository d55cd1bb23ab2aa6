package ptlab.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import ptlab.testing.NoLeftovers;

/** The hand-written JSON, decoded by an independent parser (Gson). */
@ExtendWith(NoLeftovers.class)
class JsonTest {

    private static final String SPECIAL = "\u2028\u2029\"\\/\b\f\n\r\t\0\u007f";

    @Test
    void writesAllKindsOfValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c");
        m.put("n", 42L);
        m.put("d", 1.5);
        m.put("whole", 2.0);
        m.put("t", true);
        m.put("z", null);
        m.put("list", List.of(1, "x", Map.of()));
        String json = Json.write(m);
        assertEquals("{\"s\": \"a\\\"b\\\\c\", \"n\": 42, \"d\": 1.5, \"whole\": 2, \"t\": true, \"z\": null, "
                + "\"list\": [1, \"x\", {}]}", json);
        JsonElement parsed = JsonParser.parseString(json);
        assertEquals("a\"b\\c", parsed.getAsJsonObject().get("s").getAsString());
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
    }

    @Test
    void stringsDecodeToTheSameText() {
        Random random = new Random(3);
        Gson gson = new Gson();
        for (int i = 0; i < 3_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int j = random.nextInt(30); j > 0; j--) {
                int kind = random.nextInt(3);
                if (kind == 0) {
                    b.append((char) random.nextInt(0x80));
                } else if (kind == 1) {
                    b.appendCodePoint(0x80 + random.nextInt(0x10FF00));
                } else {
                    b.append(SPECIAL.charAt(random.nextInt(SPECIAL.length())));
                }
            }
            String s = b.toString().replaceAll("[\\uD800-\\uDFFF]", "x"); // only well-formed text here
            String json = Json.write(s);
            assertEquals(s, gson.fromJson(json, String.class), json);
            assertTrue(json.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029), json);
        }
    }

    @Test
    void unpairedSurrogatesBecomeReplacementCharacters() {
        assertEquals("\"a\uFFFDb\uFFFD\"", Json.write("a\uD800b\uDC00"));
        assertEquals("\"\uD83D\uDE00\"", Json.write("\uD83D\uDE00"));
    }
}
