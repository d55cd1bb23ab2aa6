package ptlab.kernel.output;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The data of a cell's {@code execute_result}: a value that is one whole {@code display} frame (what the helper's
 * {@code render(...)} gives, see docs/architecture.md) is its MIME bundle; any other value is {@code text/plain}.
 */
public final class ResultData {

    private static final Pattern FRAME = Pattern.compile("\u001B]ptlab;display;([A-Za-z0-9+/=]+)\u0007");

    private ResultData() {
    }

    /** @return the data that shows {@code value} (JShell's string of the cell's last expression) */
    public static DisplayData of(String value) {
        Matcher m = FRAME.matcher(value);
        if (m.matches()) {
            try {
                String json = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
                DisplayFrame frame = DisplayFrame.parse(DisplayFrame.DISPLAY, json);
                if (frame != null) {
                    return frame.data();
                }
            } catch (IllegalArgumentException e) {
                // not Base64 after all: the value is text
            }
        }
        return new DisplayData(value);
    }
}
