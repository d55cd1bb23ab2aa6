package io.github.spencerpark.ijava;

import java.util.ArrayList;
import java.util.List;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/** A stand-in for IJava's kernel: records what {@code display} and {@code getIO().display.updateDisplay} get. */
public class JavaKernel {

    /** What was shown, in order. */
    public final List<DisplayData> shown = new ArrayList<>();

    /** What was updated, in order. */
    public final List<DisplayData> updated = new ArrayList<>();

    /** The display IDs of the updates, in order. */
    public final List<String> updatedIds = new ArrayList<>();

    /** When set, {@code display} throws it, as a kernel whose output channel is gone would. */
    public RuntimeException failure;

    private final IO io = new IO();

    public void display(DisplayData data) {
        if (failure != null) {
            throw failure;
        }
        shown.add(data);
    }

    public IO getIO() {
        return io;
    }

    /** As IJava's {@code JupyterIO}: a public field {@code display}. */
    public class IO {
        public final Stream display = new Stream();
    }

    /** As IJava's {@code DisplayStream}. */
    public class Stream {
        public void updateDisplay(String id, DisplayData data) {
            updatedIds.add(id);
            updated.add(data);
        }
    }
}
