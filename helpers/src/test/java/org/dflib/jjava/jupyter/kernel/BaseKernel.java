package org.dflib.jjava.jupyter.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * A stand-in for JJava's base kernel: {@code notebookKernel()} throws when no kernel runs, as in JJava 1.0; records
 * what {@code display} and {@code getIO().display.updateDisplay} get.
 */
public class BaseKernel {

    /** The running kernel, set by a test; null for none. */
    public static volatile BaseKernel notebookKernel;

    /** What was shown, in order. */
    public final List<DisplayData> shown = new ArrayList<>();

    /** What was updated, in order. */
    public final List<DisplayData> updated = new ArrayList<>();

    /** The display IDs of the updates, in order. */
    public final List<String> updatedIds = new ArrayList<>();

    private final JupyterIO io = new JupyterIO();

    public static BaseKernel notebookKernel() {
        return Objects.requireNonNull(notebookKernel, "No kernel running. Likely called outside of the notebook lifecycle");
    }

    public void display(DisplayData data) {
        shown.add(data);
    }

    public JupyterIO getIO() {
        return io;
    }

    /** As JJava's {@code JupyterIO}: a public field {@code display}. */
    public class JupyterIO {
        public final DisplayStream display = new DisplayStream();
    }

    /** As JJava's {@code DisplayStream}. */
    public class DisplayStream {
        public void updateDisplay(String id, DisplayData data) {
            updatedIds.add(id);
            updated.add(data);
        }
    }
}
