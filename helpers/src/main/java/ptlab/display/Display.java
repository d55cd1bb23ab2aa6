package ptlab.display;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import ptlab.internal.Checks;
import ptlab.internal.Json;

/**
 * Rich output for notebook cells: {@code display(...)} shows a value as its richest form (an HTML table, an SVG
 * picture, ...), {@code updateDisplay(...)} replaces an output shown before, {@code render(...)} makes a value that
 * shows as the cell's result. The kernel imports these methods statically into every cell, so a cell writes
 * {@code display(html("<b>hi</b>"))}. Their names and arguments are IJava's: each takes optional MIME types
 * ({@code display("<b>hi</b>", "text/html")}) that choose the forms shown.
 *
 * <p>Where it runs decides what it prints. In the ptlab cell JVM (system property {@value #PROPERTY} is
 * {@value #FRAMES}) each call writes one <em>display frame</em> to {@link System#out} in a single {@code print}
 * call, then flushes, so frames stay whole and in order with ordinary output:
 * <pre>
 * ESC "]ptlab;" VERB ";" BASE64 BEL "\n"
 * </pre>
 * where VERB is {@code display}, {@code update} or {@code clear} and BASE64 is standard Base64 (with padding) of
 * the UTF-8 bytes of a JSON object: {@code {"data": {...}, "metadata": {}, "display_id": "..."}} for display and
 * update, {@code {"wait": true|false}} for clear (see docs/architecture.md). In the IJava or JJava kernel it hands
 * the bundle to that kernel's own display, found by reflection (display and update; clear does nothing there).
 * Anywhere else (plain {@code jshell}, a terminal), or when that kernel's display fails, it prints the
 * {@code text/plain} form instead, so helper code never needs to know where it runs.
 *
 * <p>How values become bundles ({@link #bundleOf(Object)}): a {@link MimeBundle} as it is, a {@link Displayable}
 * by {@link Displayable#toMimeBundle()}, anything else as {@code text/plain} of {@link String#valueOf(Object)}.
 */
public final class Display {

    /** The system property that selects frames. */
    public static final String PROPERTY = "ptlab.display";

    /** The value of {@value #PROPERTY} that selects frames. */
    public static final String FRAMES = "frames";

    private static final String ESC = "\u001B";
    private static final String BEL = "\u0007";

    private Display() {
    }

    /** True when calls write display frames (system property {@value #PROPERTY} is {@value #FRAMES}). */
    public static boolean framesEnabled() {
        return FRAMES.equals(System.getProperty(PROPERTY));
    }

    /**
     * Shows a value as a new output.
     *
     * @param value     anything; see the class description for how it becomes a bundle
     * @param mimeTypes the forms to show (none: all the value has); see {@link #bundleOf(Object, String...)}
     * @return the display ID, for {@link #updateDisplay(String, Object, String...)}
     */
    public static String display(Object value, String... mimeTypes) {
        MimeBundle bundle = bundleOf(value, mimeTypes);
        String id = UUID.randomUUID().toString();
        emit("display", bundle, id);
        return id;
    }

    /**
     * Replaces the output shown under a display ID (from {@link #display(Object, String...)}) with a new value, in
     * place: a live progress line is one {@code display} and many updates. Without frames, through IJava's or JJava's
     * display when running there, else it prints the new value's text.
     *
     * @param displayId a display ID, not blank
     * @param value     anything, as for {@link #display(Object, String...)}
     * @param mimeTypes the forms to show, as for {@link #display(Object, String...)}
     */
    public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
        Checks.notNull(displayId, "displayId");
        if (displayId.isBlank()) {
            throw new IllegalArgumentException("displayId must not be blank; allowed: an ID returned by display(...)");
        }
        emit("update", bundleOf(value, mimeTypes), displayId);
    }

    /**
     * A value that shows as its bundle when it is a cell's result ({@code render(table, "text/html")} as the last
     * line), as IJava's {@code render}; nothing is shown before then.
     *
     * @param value     anything, as for {@link #display(Object, String...)}
     * @param mimeTypes the forms to show, as for {@link #display(Object, String...)}
     */
    public static Rendered render(Object value, String... mimeTypes) {
        return new Rendered(bundleOf(value, mimeTypes));
    }

    /**
     * Clears the cell's output; with {@code wait}, only when the next output arrives (no flicker). Without
     * frames, does nothing.
     */
    public static void clearOutput(boolean wait) {
        if (framesEnabled()) {
            print(frame("clear", "{\"wait\": " + wait + "}"));
        }
    }

    /** A bundle with an HTML form; its text form is the HTML source. */
    public static MimeBundle html(String html) {
        Checks.notNull(html, "html");
        return MimeBundle.of(html).with("text/html", html);
    }

    /** A bundle with an HTML form and the given text form. */
    public static MimeBundle html(String html, String text) {
        Checks.notNull(html, "html");
        return MimeBundle.of(Checks.notNull(text, "text")).with("text/html", html);
    }

    /** A bundle with an SVG picture; its text form says it is a picture. */
    public static MimeBundle svg(String svg) {
        Checks.notNull(svg, "svg");
        return svg(svg, "(an SVG picture, shown in a notebook)");
    }

    /** A bundle with an SVG picture and the given text form. */
    public static MimeBundle svg(String svg, String text) {
        Checks.notNull(svg, "svg");
        return MimeBundle.of(Checks.notNull(text, "text")).with("image/svg+xml", svg);
    }

    /** A bundle with a Markdown form; its text form is the Markdown source. */
    public static MimeBundle markdown(String markdown) {
        Checks.notNull(markdown, "markdown");
        return MimeBundle.of(markdown).with("text/markdown", markdown);
    }

    /** A bundle with a PNG picture (the file's bytes) and the given text form. */
    public static MimeBundle png(byte[] png, String text) {
        Checks.notNull(png, "png");
        return MimeBundle.of(Checks.notNull(text, "text")).with("image/png", Base64.getEncoder().encodeToString(png));
    }

    /**
     * The bundle of {@code value} with only the forms named (and {@code text/plain}, which every bundle has). A
     * form the value lacks is taken from its text when the value is text ({@code display("<b>hi</b>",
     * "text/html")}).
     *
     * @throws IllegalArgumentException if the value is not text and lacks a form named
     */
    public static MimeBundle bundleOf(Object value, String... mimeTypes) {
        Checks.notNull(mimeTypes, "mimeTypes");
        MimeBundle all = bundleOf(value);
        if (mimeTypes.length == 0) {
            return all;
        }
        MimeBundle chosen = MimeBundle.of(all.text());
        for (String mime : mimeTypes) {
            Checks.notNull(mime, "mimeTypes[i]");
            if (mime.equals(MimeBundle.TEXT_PLAIN)) {
                continue;
            }
            if (all.get(mime).isPresent()) {
                chosen = chosen.with(mime, all.get(mime).get());
            } else if (value instanceof CharSequence text) {
                chosen = chosen.with(mime, text.toString());
            } else {
                throw new IllegalArgumentException("mimeTypes: " + (value == null ? "null" : value.getClass().getSimpleName())
                        + " has no " + mime + " form; allowed: " + String.join(", ", all.data().keySet()));
            }
        }
        return chosen;
    }

    /** How {@link #display(Object, String...)} turns a value into a bundle. */
    public static MimeBundle bundleOf(Object value) {
        if (value instanceof MimeBundle b) {
            return b;
        }
        if (value instanceof Displayable d) {
            MimeBundle b = d.toMimeBundle();
            if (b == null) {
                throw new NullPointerException(value.getClass().getName() + ".toMimeBundle() returned null");
            }
            return b;
        }
        return MimeBundle.of(String.valueOf(value));
    }

    /** The JSON of a display or update message. */
    static String json(MimeBundle bundle, String displayId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", bundle.data());
        m.put("metadata", Map.of());
        if (displayId != null) {
            m.put("display_id", displayId);
        }
        return Json.write(m);
    }

    /** One frame: ESC "]ptlab;" VERB ";" BASE64(UTF-8 of json) BEL "\n". */
    static String frame(String verb, String json) {
        return ESC + "]ptlab;" + verb + ";" + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)) + BEL
                + "\n";
    }

    private static void emit(String verb, MimeBundle bundle, String displayId) {
        if (framesEnabled()) {
            print(frame(verb, json(bundle, displayId)));
        } else if (!ForeignKernel.show(verb.equals("update"), bundle, displayId)) {
            PrintStream out = System.out;
            out.println(bundle.text());
            out.flush();
        }
    }

    private static void print(String frame) {
        PrintStream out = System.out;
        out.print(frame);
        out.flush();
    }
}
