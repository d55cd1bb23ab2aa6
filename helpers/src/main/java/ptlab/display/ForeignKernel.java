package ptlab.display;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * The display of IJava or JJava, reached by reflection, for when the helpers run in one of those kernels rather than
 * in ptlab's: a value shows as HTML or SVG there too, not only as text. Nothing of theirs is compiled in; this class
 * looks for their classes by name where {@link Display} was loaded from.
 *
 * <p>Where each keeps its running kernel (a static method; the first that answers wins):
 * {@code org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel()} (JJava 1.0),
 * {@code org.dflib.jjava.JJava.getKernelInstance()} (JJava before 1.0) and
 * {@code io.github.spencerpark.ijava.IJava.getKernelInstance()} (IJava). Both build on the same base kernel: its
 * {@code display(DisplayData)} shows a new output, {@code getIO().display.updateDisplay(id, DisplayData)} replaces
 * one, and a {@code DisplayData} is made with {@code new DisplayData(text)}, {@code putData(mimeType, content)} and
 * {@code setDisplayId(id)}. The {@code DisplayData} class is the one the kernel's {@code display} method takes.
 *
 * <p>Every failure (no such class, no kernel running, another signature, an exception inside the kernel) makes
 * {@link #show} return false, and the caller prints the text form instead.
 */
final class ForeignKernel {

    /** Class and static method that return the running kernel, in the order they are tried. */
    static final List<List<String>> KERNELS = List.of(
            List.of("org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel"),
            List.of("org.dflib.jjava.JJava", "getKernelInstance"),
            List.of("io.github.spencerpark.ijava.IJava", "getKernelInstance"));

    private ForeignKernel() {
    }

    /**
     * Shows a bundle through IJava's or JJava's display.
     *
     * @param update    true to replace the output shown under {@code displayId}, false for a new output with that ID
     * @param bundle    what to show
     * @param displayId the display ID
     * @return true when a kernel took it; false when there is none or anything failed
     */
    static boolean show(boolean update, MimeBundle bundle, String displayId) {
        Object kernel = kernel();
        if (kernel == null) {
            return false;
        }
        try {
            Method display = displayMethod(kernel);
            Object data = data(display.getParameterTypes()[0], bundle, displayId);
            if (update) {
                Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
                Object stream = io.getClass().getField("display").get(io);
                stream.getClass().getMethod("updateDisplay", String.class, data.getClass()).invoke(stream, displayId, data);
            } else {
                display.invoke(kernel, data);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The running kernel of the first of {@link #KERNELS} that has one, or null. */
    static Object kernel() {
        ClassLoader loader = ForeignKernel.class.getClassLoader();
        for (List<String> k : KERNELS) {
            try {
                Object kernel = Class.forName(k.get(0), false, loader).getMethod(k.get(1)).invoke(null);
                if (kernel != null) {
                    return kernel;
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // not this kernel (absent, or none running: JJava's notebookKernel() throws then)
            }
        }
        return null;
    }

    /** The kernel's public {@code display(DisplayData)}. */
    private static Method displayMethod(Object kernel) throws NoSuchMethodException {
        for (Method m : kernel.getClass().getMethods()) {
            if (m.getName().equals("display") && m.getParameterCount() == 1
                    && m.getParameterTypes()[0].getSimpleName().equals("DisplayData")) {
                return m;
            }
        }
        throw new NoSuchMethodException(kernel.getClass().getName() + ".display(DisplayData)");
    }

    /** A {@code DisplayData} with every form of the bundle and the display ID. */
    private static Object data(Class<?> type, MimeBundle bundle, String displayId) throws ReflectiveOperationException {
        Object data = type.getConstructor(String.class).newInstance(bundle.text());
        Method put = type.getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, String> e : bundle.data().entrySet()) {
            if (!e.getKey().equals(MimeBundle.TEXT_PLAIN)) {
                put.invoke(data, e.getKey(), e.getValue());
            }
        }
        type.getMethod("setDisplayId", String.class).invoke(data, displayId);
        return data;
    }
}
