package io.github.spencerpark.jupyter.kernel.display;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stand-in for IJava's {@code DisplayData}, under its real name, with the members {@code ptlab.display} uses. Like
 * the real one it has no constructor without arguments.
 */
public class DisplayData {

    /** The forms, by MIME type. */
    public final Map<String, Object> data = new LinkedHashMap<>();

    /** The display ID, or null. */
    public String displayId;

    public DisplayData(String text) {
        data.put("text/plain", text);
    }

    public void putData(String mimeType, Object value) {
        data.put(mimeType, value);
    }

    public void setDisplayId(String id) {
        displayId = id;
    }
}
