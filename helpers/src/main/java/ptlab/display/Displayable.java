package ptlab.display;

/**
 * An object that can show itself in a notebook: it renders itself as a {@link MimeBundle}, which always has a
 * {@code text/plain} form and may have richer ones ({@code text/html}, {@code image/svg+xml}, ...).
 * {@link Display#display(Object)} uses it; a plain {@code jshell} prints the text form.
 */
@FunctionalInterface
public interface Displayable {

    /** This object as a MIME bundle; never null, and its {@code text/plain} form is never null. */
    MimeBundle toMimeBundle();
}
