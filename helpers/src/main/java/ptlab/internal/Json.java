package ptlab.internal;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer (RFC 8259) for the display frames and, later, trace files: objects from {@link Map}s,
 * arrays from {@link Collection}s, strings, numbers, booleans and null. No JSON library is bundled in the helper
 * jar; strings are escaped by {@link Escape}.
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
            Escape.json(b, s.toString());
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
                Escape.json(b, key);
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
}
