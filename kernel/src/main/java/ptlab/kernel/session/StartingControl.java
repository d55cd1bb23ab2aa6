package ptlab.kernel.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jdk.jshell.spi.ExecutionControl;

/**
 * JShell's engine while the cell JVM is still starting ({@code E}: the cell JVM's engine,
 * {@link CellJvmControl}). JShell builds its engine before anything
 * else, so with the cell JVM's {@link CellJvmControl} itself JShell's compiler would start to warm
 * up only once the JVM is up; with this stand-in, JShell is there at once and javac works in the
 * kernel JVM while the cell JVM starts.
 *
 * <p>Calls that return nothing, class loads and class path entries (what the start-up imports
 * and the helper jar need), are kept in order and sent once the JVM is up, before the first call
 * that needs an answer (a snippet's run): so the start-up snippets are compiled while the JVM
 * boots instead of one by one after it. Only the start-up's own snippets come here before the JVM
 * is up (cells wait for the session); a failure of a kept call ends the start.
 */
final class StartingControl<E extends ExecutionControl> implements ExecutionControl {

    private final CompletableFuture<E> started;
    /** Calls kept until the JVM is up, in order; guarded by this. */
    private final List<Kept> kept = new ArrayList<>();

    /** A call that returns nothing, kept for the cell JVM. */
    @FunctionalInterface
    private interface Kept {
        void sendTo(ExecutionControl jvm) throws ExecutionControlException;
    }

    /** @param started the cell JVM's engine, once the JVM is up and connected */
    StartingControl(CompletableFuture<E> started) {
        this.started = started;
    }

    /**
     * @return the cell JVM's engine, waiting for it (the kept calls are not sent)
     * @throws IllegalStateException if the cell JVM could not be started (its cause says why)
     */
    E jvm() {
        try {
            return started.join();
        } catch (CompletionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** The cell JVM's engine, waiting for it, with every kept call sent first. */
    private synchronized ExecutionControl engine() throws EngineTerminationException {
        E jvm;
        try {
            jvm = jvm();
        } catch (IllegalStateException e) {
            throw new EngineTerminationException("the cell JVM could not be started: " + e.getMessage());
        }
        try {
            for (Kept k : kept) {
                k.sendTo(jvm);
            }
        } catch (EngineTerminationException e) {
            throw e;
        } catch (ExecutionControlException e) {
            throw new EngineTerminationException("the cell JVM's start-up failed: " + e.getMessage());
        } finally {
            kept.clear();
        }
        return jvm;
    }

    /** Keeps the call while the JVM starts; else sends it at once. */
    private synchronized void sendOrKeep(Kept call) throws ExecutionControlException {
        if (started.isDone()) {
            call.sendTo(engine());
        } else {
            kept.add(call);
        }
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        try {
            sendOrKeep(jvm -> jvm.load(cbcs));
        } catch (ClassInstallException | NotImplementedException | EngineTerminationException e) {
            throw e;
        } catch (ExecutionControlException e) {
            throw new EngineTerminationException(e.getMessage());
        }
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
        try {
            sendOrKeep(jvm -> jvm.addToClasspath(path));
        } catch (EngineTerminationException | InternalException e) {
            throw e;
        } catch (ExecutionControlException e) {
            throw new InternalException(e.getMessage());
        }
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
        started.thenAccept(ExecutionControl::close);
    }
}
