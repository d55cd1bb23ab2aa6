package ptlab.kernel.session;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Hands JShell a {@link CellJvmControl} and keeps it, so that the kernel can reach the cell JVM's
 * process and its JDI controls. One provider per JShell instance.
 */
final class CellJvmProvider implements ExecutionControlProvider {

    private static final int CONNECT_TIMEOUT_MILLIS = 20_000;

    private final OutputStream processOut;
    private final OutputStream processErr;
    private volatile CellJvmControl control;

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

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) throws IOException {
        control = CellJvmControl.launch(env, processOut, processErr, CONNECT_TIMEOUT_MILLIS);
        return control;
    }

    /** @return the engine made by {@link #generate}, or null before that */
    CellJvmControl control() {
        return control;
    }
}
