package ptlab.kernel.session;

import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Hands JShell the engine of a cell JVM that it starts in the background (a {@link StartingControl}
 * until the JVM is up) and keeps it, so that the kernel can reach the cell JVM's process and its JDI
 * controls. One provider per JShell instance.
 */
final class CellJvmProvider implements ExecutionControlProvider {

    private static final int CONNECT_TIMEOUT_MILLIS = 20_000;

    private final OutputStream processOut;
    private final OutputStream processErr;
    private volatile StartingControl<CellJvmControl> control;

    /**
     * @param processOut where the cell JVM's own stdout goes (not cell code's System.out)
     * @param processErr where the cell JVM's own stderr goes
     */
    CellJvmProvider(OutputStream processOut, OutputStream processErr) {
        this.processOut = processOut;
        this.processErr = processErr;
    }

    @Override
    public String name() {
        return "ptlab-cell-jvm";
    }

    /**
     * Starts the cell JVM in the background and returns at once
     * (see {@link StartingControl}).
     */
    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        CompletableFuture<CellJvmControl> started = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                started.complete(CellJvmLauncher.launch(env, processOut, processErr, CONNECT_TIMEOUT_MILLIS));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "ptlab-cell-jvm-launch");
        t.setDaemon(true);
        t.start();
        control = new StartingControl<>(started);
        return control;
    }

    /**
     * @return the cell JVM's engine made by {@link #generate}, waiting for the JVM to be up
     * @throws IllegalStateException if it could not be started
     */
    CellJvmControl control() {
        return control.jvm();
    }
}
