package ptlab.display;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import ptlab.internal.Checks;

/**
 * The same content in several formats, keyed by MIME type, as Jupyter shows it: the front end picks the richest
 * form it can render. Immutable; {@code text/plain} is always present and comes first.
 *
 * <pre>{@code
 * MimeBundle b = MimeBundle.of("3 tasks").with("text/html", "<b>3</b> tasks");
 * }</pre>
 */
public final class MimeBundle implements Displayable {

    /** The plain text MIME type, present in every bundle. */
    public static final String TEXT_PLAIN = "text/plain";

    private static final Pattern MIME_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*");

    private final Map<String, String> data;

    private MimeBundle(Map<String, String> data) {
        this.data = Collections.unmodifiableMap(data);
    }

    /** A bundle with only a {@code text/plain} form. */
    public static MimeBundle of(String textPlain) {
        Checks.notNull(textPlain, "textPlain");
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TEXT_PLAIN, textPlain);
        return new MimeBundle(m);
    }

    /**
     * A bundle from a map of MIME type to content, which must have a {@code text/plain} entry.
     *
     * @throws IllegalArgumentException when {@code text/plain} is missing or a key is not a MIME type
     */
    public static MimeBundle of(Map<String, String> data) {
        Checks.notNull(data, "data");
        String text = data.get(TEXT_PLAIN);
        if (text == null) {
            throw new IllegalArgumentException("data has no \"text/plain\" entry, only " + data.keySet()
                    + "; allowed: a map of MIME type to content with a \"text/plain\" entry");
        }
        MimeBundle b = of(text);
        for (Map.Entry<String, String> e : data.entrySet()) {
            if (!TEXT_PLAIN.equals(e.getKey())) {
                b = b.with(e.getKey(), e.getValue());
            }
        }
        return b;
    }

    /**
     * This bundle with one more form (or a replaced one).
     *
     * @param mimeType a MIME type such as {@code text/html} or {@code image/svg+xml}
     * @param content  the content in that format (for binary formats such as {@code image/png}: Base64)
     */
    public MimeBundle with(String mimeType, String content) {
        Checks.notNull(mimeType, "mimeType");
        Checks.notNull(content, "content");
        if (!MIME_TYPE.matcher(mimeType).matches()) {
            throw new IllegalArgumentException("mimeType = \"" + mimeType + "\" is not a MIME type; allowed: type/subtype, e.g. text/html");
        }
        Map<String, String> m = new LinkedHashMap<>(data);
        m.put(mimeType, content);
        return new MimeBundle(m);
    }

    /** All forms, {@code text/plain} first; unmodifiable. */
    public Map<String, String> data() {
        return data;
    }

    /** The {@code text/plain} form. */
    public String text() {
        return data.get(TEXT_PLAIN);
    }

    /** The form for a MIME type, if present. */
    public Optional<String> get(String mimeType) {
        Checks.notNull(mimeType, "mimeType");
        return Optional.ofNullable(data.get(mimeType));
    }

    /** Itself. */
    @Override
    public MimeBundle toMimeBundle() {
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MimeBundle b && b.data.equals(data);
    }

    @Override
    public int hashCode() {
        return data.hashCode();
    }

    /** The {@code text/plain} form. */
    @Override
    public String toString() {
        return text();
    }
}
