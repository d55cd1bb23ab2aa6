package ptlab.internal;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer (RFC 8259) for the display frames and, later, trace files: objects from {@link Map}s,
 * arrays from {@link Collection}s, strings, numbers, booleans and null. No JSON library is bundled in the helper
 * jar, so this is the one place that escapes JSON.
 *
 * <p>Strings are escaped so that the output is plain ASCII-safe JSON: quote, backslash and every control
 * character are escaped, U+2028 and U+2029 too (some JavaScript parsers treat them as line ends), and an
 * unpaired surrogate becomes U+FFFD (it has no UTF-8 encoding).
 *
 * <p>Internal: not part of the notebook API; may change.
 */
public final class Json {

    private Json() {
    }

    /** The JSON text of a value. */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder(64);
        write(b, value);
        return b.toString();
    }

    /** Appends the JSON text of a value. */
    public static void write(StringBuilder b, Object value) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof CharSequence s) {
            string(b, s.toString());
        } else if (value instanceof Boolean bool) {
            b.append(bool.booleanValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("value: " + d + " has no JSON form; allowed: finite numbers");
            }
            b.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else if (value instanceof Number n) {
            b.append(n.toString());
        } else if (value instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("value: JSON object keys must be strings, got " + e.getKey());
                }
                if (!first) {
                    b.append(", ");
                }
                first = false;
                string(b, key);
                b.append(": ");
                write(b, e.getValue());
            }
            b.append('}');
        } else if (value instanceof Collection<?> list) {
            b.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    b.append(", ");
                }
                first = false;
                write(b, o);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("value: no JSON form for " + value.getClass().getName()
                    + "; allowed: Map, Collection, CharSequence, Number, Boolean, null");
        }
    }

    /** Appends a JSON string literal. */
    public static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        unicode(b, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                            b.append(c).append(s.charAt(++i));
                        } else {
                            b.append('\uFFFD');
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static void unicode(StringBuilder b, char c) {
        b.append("\\u");
        String hex = Integer.toHexString(c);
        b.append("0".repeat(4 - hex.length())).append(hex);
    }
}
