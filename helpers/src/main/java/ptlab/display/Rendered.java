package ptlab.display;

/**
 * A value rendered for a notebook by {@link Display#render(Object, String...)}: as a cell's last expression it shows
 * as its bundle (the cell's {@code execute_result}), as IJava's {@code render} does.
 *
 * <p>How: in the ptlab cell JVM its {@link #toString()}, which JShell takes as the value of the expression, is a
 * display frame that the kernel shows as the result. JShell passes at most {@value #VALUE_LIMIT} characters of a
 * value to the kernel, so a larger bundle is shown as a display output instead when the value is taken (it looks
 * the same) and the value is empty. Elsewhere {@code toString()} is the text form.
 */
public final class Rendered implements Displayable {

    /** The longest value JShell passes whole from the cell JVM to the kernel. */
    static final int VALUE_LIMIT = 21_000;

    private final MimeBundle bundle;

    Rendered(MimeBundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return bundle;
    }

    /** The value a notebook shows: a display frame in the ptlab kernel, else the text form. */
    @Override
    public String toString() {
        if (!Display.framesEnabled()) {
            return bundle.text();
        }
        String frame = Display.frame("display", Display.json(bundle, null)).stripTrailing();
        if (frame.length() <= VALUE_LIMIT) {
            return frame;
        }
        Display.display(bundle);
        return "";
    }
}
