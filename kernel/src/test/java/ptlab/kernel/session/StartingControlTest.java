package ptlab.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.EngineTerminationException;

class StartingControlTest {

    /** An engine that records the calls it gets; a load of a class named "bad" fails. */
    private static final class Recording implements ExecutionControl {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
            for (ClassBytecodes c : cbcs) {
                if (c.name().equals("bad")) {
                    throw new ClassInstallException("cannot load bad", new boolean[] {false});
                }
                calls.add("load " + c.name());
            }
        }

        @Override
        public void redefine(ClassBytecodes[] cbcs) {
            calls.add("redefine");
        }

        @Override
        public String invoke(String className, String methodName) {
            calls.add("invoke " + className);
            return "2";
        }

        @Override
        public String varValue(String className, String varName) {
            return "";
        }

        @Override
        public void addToClasspath(String path) {
            calls.add("classpath " + path);
        }

        @Override
        public Object extensionCommand(String command, Object arg) {
            return null;
        }

        @Override
        public void stop() {
            calls.add("stop");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private static ClassBytecodes[] classes(String... names) {
        ClassBytecodes[] c = new ClassBytecodes[names.length];
        for (int i = 0; i < names.length; i++) {
            c[i] = new ClassBytecodes(names[i], new byte[0]);
        }
        return c;
    }

    @Test
    void loadsAndClassPathWaitInOrderUntilTheJvmIsUpAndGoBeforeTheFirstRun() throws Exception {
        CompletableFuture<Recording> started = new CompletableFuture<>();
        StartingControl<Recording> control = new StartingControl<>(started);
        control.addToClasspath("helpers.jar");
        control.load(classes("A"));
        control.load(classes("B", "C"));
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<String> run = runner.submit(() -> control.invoke("B", "do_it$"));
            Thread.sleep(100);
            assertFalse(run.isDone(), "a run waits for the JVM");
            Recording jvm = new Recording();
            started.complete(jvm);
            assertEquals("2", run.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("classpath helpers.jar", "load A", "load B", "load C", "invoke B"), jvm.calls);
            control.load(classes("D")); // the JVM is up: sent at once
            assertEquals("load D", jvm.calls.get(jvm.calls.size() - 1));
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void aKeptLoadThatFailsEndsTheStart() throws Exception {
        CompletableFuture<Recording> started = new CompletableFuture<>();
        StartingControl<Recording> control = new StartingControl<>(started);
        control.load(classes("bad"));
        started.complete(new Recording());
        EngineTerminationException e = assertThrows(EngineTerminationException.class, () -> control.invoke("X", "do_it$"));
        assertTrue(e.getMessage().contains("cannot load bad"), e.getMessage());
    }

    @Test
    void aJvmThatCannotStartEndsTheFirstRunWithItsReason() throws Exception {
        CompletableFuture<Recording> started = new CompletableFuture<>();
        StartingControl<Recording> control = new StartingControl<>(started);
        control.load(classes("A"));
        started.completeExceptionally(new IOException("no java here"));
        EngineTerminationException e = assertThrows(EngineTerminationException.class, () -> control.invoke("A", "do_it$"));
        assertTrue(e.getMessage().contains("no java here"), e.getMessage());
    }

    @Test
    void closeEndsAJvmThatComesUpLater() {
        CompletableFuture<Recording> started = new CompletableFuture<>();
        StartingControl<Recording> control = new StartingControl<>(started);
        control.close();
        Recording jvm = new Recording();
        started.complete(jvm);
        assertEquals(List.of("close"), jvm.calls);
    }
}
