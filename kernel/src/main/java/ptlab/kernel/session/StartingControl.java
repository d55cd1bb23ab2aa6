package ptlab.kernel.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jdk.jshell.spi.ExecutionControl;

/**
 * JShell's engine while the cell JVM is still starting. JShell builds its engine before anything
 * else, so with the cell JVM's {@link CellJvmControl} itself JShell's compiler would start to warm
 * up only once the JVM is up; with this stand-in, JShell is there at once and javac warms up in the
 * kernel JVM while the cell JVM starts. The first call that needs the cell JVM waits for it.
 */
final class StartingControl implements ExecutionControl {

    private final CompletableFuture<CellJvmControl> started;

    /** @param started the cell JVM's engine, once the JVM is up and connected */
    StartingControl(CompletableFuture<CellJvmControl> started) {
        this.started = started;
    }

    /**
     * @return the cell JVM's engine, waiting for it
     * @throws IllegalStateException if the cell JVM could not be started (its cause says why)
     */
    CellJvmControl jvm() {
        try {
            return started.join();
        } catch (CompletionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    private ExecutionControl engine() throws EngineTerminationException {
        try {
            return jvm();
        } catch (IllegalStateException e) {
            throw new EngineTerminationException("the cell JVM could not be started: " + e.getMessage());
        }
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        engine().load(cbcs);
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        engine().redefine(cbcs);
    }

    @Override
    public String invoke(String className, String methodName) throws RunException, EngineTerminationException, InternalException {
        return engine().invoke(className, methodName);
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        return engine().varValue(className, varName);
    }

    @Override
    public void addToClasspath(String path) throws EngineTerminationException, InternalException {
        engine().addToClasspath(path);
    }

    @Override
    public Object extensionCommand(String command, Object arg) throws RunException, EngineTerminationException, InternalException {
        return engine().extensionCommand(command, arg);
    }

    @Override
    public void stop() throws EngineTerminationException, InternalException {
        if (started.isDone() && !started.isCompletedExceptionally()) {
            started.join().stop();
        }
    }

    /** Closes the cell JVM's engine, now or as soon as it is up. */
    @Override
    public void close() {
        started.thenAccept(CellJvmControl::close);
    }
}
