package ptlab.internal;

/**
 * The one place that escapes text for the formats the helper writes: HTML and XML (tables, the timeline's SVG),
 * JSON strings (display frames, trace files, bench rows) and the line protocol between a child and its parent
 * (backslash escapes, one record per line).
 *
 * <p>Every form is safe for any Java string: characters a format cannot hold (controls in XML; an unpaired
 * surrogate, which has no UTF-8 encoding, in XML and JSON) become U+FFFD; line and paragraph separators (U+2028,
 * U+2029), which some JavaScript parsers and line readers treat as line ends, are escaped in JSON and in protocol
 * lines.
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Escape {

    private Escape() {
    }

    /**
     * Text for HTML or XML element content and attribute values: {@code < > & " '} as entities; control characters
     * other than tab, U+FFFE, U+FFFF and unpaired surrogates (which XML 1.0 cannot hold) as U+FFFD.
     */
    public static String markup(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        i = surrogate(b, s, i);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A JSON string literal, quotes included (RFC 8259); see {@link #json(StringBuilder, String)}. */
    public static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        json(b, s);
        return b.toString();
    }

    /**
     * Appends a JSON string literal: quote and backslash escaped, {@code \n \r \t \b \f} as such, other controls,
     * DEL, U+2028 and U+2029 as {@code \}{@code uXXXX}.
     */
    public static void json(StringBuilder b, String s) {
        b.append('"');
        backslash(b, s, true);
        b.append('"');
    }

    /**
     * Appends a value for a protocol line: backslash, tab, line feed and carriage return as {@code \\ \t \n \r},
     * other controls, DEL, U+2028 and U+2029 as {@code \}{@code uXXXX}; nothing else changes, quotes and unpaired
     * surrogates included (the parent reads what the child wrote, so every string round-trips).
     */
    public static void line(StringBuilder b, String s) {
        backslash(b, s, false);
    }

    private static void backslash(StringBuilder b, String s, boolean json) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"' -> b.append(json ? "\\\"" : "\"");
                case '\b' -> b.append(json ? "\\b" : "\\u0008");
                case '\f' -> b.append(json ? "\\f" : "\\u000c");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        String hex = Integer.toHexString(c);
                        b.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
                    } else if (json) {
                        i = surrogate(b, s, i);
                    } else {
                        b.append(c); // a protocol line carries any char, an unpaired surrogate too
                    }
                }
            }
        }
    }

    /** Appends the character at {@code i} (a pair when it starts one, U+FFFD when unpaired); returns the last index used. */
    private static int surrogate(StringBuilder b, String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(i + 1));
            return i + 1;
        }
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
        return i;
    }
}
