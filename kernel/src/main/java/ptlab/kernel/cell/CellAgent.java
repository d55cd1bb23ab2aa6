package ptlab.kernel.cell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.execution.Util;

/**
 * The remote agent of the cell JVM: JShell (in the kernel JVM) sends it compiled snippets
 * over a socket, and it loads and runs them on its main thread.
 *
 * <p>Modelled on the JDK's {@code RemoteExecutionControl}, with three differences:
 * <ul>
 *   <li>The fields the kernel reads and writes over JDI to interrupt or stop a cell are
 *       <em>static</em>, so the kernel finds them by class, without walking stack frames
 *       (see {@code ptlab.kernel.session.CellJvmControl}). An interrupt is a request that the agent
 *       carries out itself with {@link Thread#interrupt()} (JDI's interrupt does nothing to a
 *       thread the debugger has suspended, and the kernel decides with the JVM suspended), and
 *       only while client code runs.</li>
 *   <li>{@code System.out} and {@code System.err} are always UTF-8, whatever the platform
 *       encoding, because the kernel decodes them as UTF-8; after a stop they are new print
 *       streams, so that text the stopped {@code println} left buffered is not the next
 *       cell's output.</li>
 *   <li>The agent never outlives the kernel: when the connection to the kernel ends, or the
 *       kernel process (system property {@code ptlab.kernel.pid}) is gone, it destroys the
 *       processes it started and halts.</li>
 * </ul>
 *
 * <p>Started as {@code java ... ptlab.kernel.cell.CellAgent <port>}.
 */
public final class CellAgent extends DirectExecutionControl {

    // ---- Read and written by the kernel over JDI (CellJvmControl); names are part of the protocol.

    /** True while a snippet's code runs on {@link #clientThread}. */
    private static volatile boolean inClientCode;
    /**
     * Set by the kernel just before it throws {@link #STOP} into the client thread; cleared here
     * once the stop has arrived. While it is set the agent does not leave client code, so the
     * asynchronous exception can never land in the agent's command loop.
     */
    private static volatile boolean expectingStop;
    /** Set by the kernel to have the client thread interrupted (by {@link #interrupter}). */
    private static volatile boolean interruptRequested;
    /** The thread that runs client code (the JVM's "main" thread). */
    private static volatile Thread clientThread;
    /** Orders interrupts with entering and leaving client code, so none lands outside it. */
    private static final Object INTERRUPT_LOCK = new Object();
    private static final long INTERRUPT_POLL_MILLIS = 20;
    /** The exception the kernel throws into the client thread to stop it. */
    private static final StopCell STOP = new StopCell();
    /** The streams to the kernel under {@code System.out} and {@code System.err}, and the print streams on them. */
    private static OutputStream outToKernel;
    private static OutputStream errToKernel;
    private static volatile PrintStream out;
    private static volatile PrintStream err;

    private CellAgent() {
    }

    /**
     * Connects to the kernel on the given port and serves JShell's commands until the kernel
     * closes the connection.
     *
     * @param args one argument: the kernel's port for commands and output
     * @throws IOException if the connection cannot be made
     */
    public static void main(String[] args) throws IOException {
        KernelWatch.start();
        Thread interrupts = new Thread(CellAgent::interrupter, "ptlab-interrupter");
        interrupts.setDaemon(true);
        interrupts.start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        socket.setTcpNoDelay(true); // many small writes (see CellJvmControl.launch)
        InputStream fromKernel = socket.getInputStream();
        OutputStream toKernel = socket.getOutputStream();
        // the kernel takes only a connection that first says the secret it started us with
        String secret = System.getenv("PTLAB_CELL_SECRET");
        toKernel.write((secret == null ? "" : secret).getBytes(StandardCharsets.US_ASCII));
        toKernel.flush();
        Map<String, Consumer<OutputStream>> outputs = new HashMap<>();
        outputs.put("out", st -> {
            outToKernel = st;
            freshOut();
        });
        outputs.put("err", st -> {
            errToKernel = st;
            freshErr();
        });
        Map<String, Consumer<InputStream>> inputs = new HashMap<>();
        inputs.put("in", System::setIn);
        try {
            Util.forwardExecutionControlAndIO(new CellAgent(), fromKernel, toKernel, outputs, inputs);
        } finally {
            // The kernel closed the connection: it shut down, replaced us, or died.
            KernelWatch.endThisJvm();
        }
    }

    @Override
    public String invoke(String className, String methodName)
            throws RunException, InternalException, EngineTerminationException {
        try {
            return super.invoke(className, methodName);
        } catch (StopCell stop) {
            // The stop arrived after the snippet's code returned, while we waited in clientCodeLeave.
            StoppedException e = stopped();
            freshStreams();
            throw e;
        } catch (StoppedException e) {
            // Out of client code and no stop expected: the kernel sends no more, so this is not cut short.
            freshStreams();
            throw e;
        }
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws NotImplementedException, EngineTerminationException {
        // The kernel redefines the classes over JDI; here they are only registered.
        classesRedefined(cbcs);
    }

    @Override
    public void stop() {
        // Done by the kernel over JDI.
    }

    /**
     * Runs the snippet and turns its value into text. That text comes from the value's own
     * {@code toString()}, which is client code too: whatever it throws (an exception, an
     * OutOfMemoryError) is the cell's exception, as if the snippet had thrown it, not an
     * internal error that JShell would swallow.
     */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value = doitMethod.invoke(null);
        try {
            return valueString(value);
        } catch (Throwable t) {
            throw new InvocationTargetException(t);
        }
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        if (isStop(cause)) {
            throw stopped();
        }
        return super.throwConvertedInvocationException(cause);
    }

    @Override
    protected String throwConvertedOtherException(Throwable ex) throws RunException, InternalException {
        if (isStop(ex)) {
            throw stopped();
        }
        return super.throwConvertedOtherException(ex);
    }

    @Override
    protected void clientCodeEnter() {
        synchronized (INTERRUPT_LOCK) {
            clientThread = Thread.currentThread();
            interruptRequested = false;
            Thread.interrupted(); // an interrupt meant for an earlier cell must not hit this one
            expectingStop = false;
            inClientCode = true;
        }
    }

    @Override
    protected void clientCodeLeave() {
        synchronized (INTERRUPT_LOCK) {
            inClientCode = false; // from here on no interrupt is delivered
        }
        // If the kernel has decided to stop us, wait here (still inside invoke) for the stop.
        while (expectingStop) {
            Thread.onSpinWait();
        }
        // An interrupt the snippet did not consume must not reach the agent's own blocking reads.
        Thread.interrupted();
    }

    /** Carries out the kernel's interrupt requests, only while client code runs. */
    private static void interrupter() {
        while (true) {
            try {
                Thread.sleep(INTERRUPT_POLL_MILLIS);
            } catch (InterruptedException e) {
                continue;
            }
            if (interruptRequested) {
                synchronized (INTERRUPT_LOCK) {
                    if (inClientCode && interruptRequested) {
                        clientThread.interrupt();
                    }
                    interruptRequested = false;
                }
            }
        }
    }

    /** The stop has arrived: the cell is over. */
    private static StoppedException stopped() {
        expectingStop = false;
        return new StoppedException();
    }

    /**
     * Gives {@code System.out} and {@code System.err} new print streams, each unless the cell
     * replaced it with its own. A stop that lands inside {@code println} leaves the old print
     * stream's buffers holding text (up to 8,192 characters) that its next write would send, as
     * the next cell's output.
     */
    private static void freshStreams() {
        freshOut();
        freshErr();
    }

    private static void freshOut() {
        if (out == null || System.out == out) {
            out = new PrintStream(outToKernel, true, StandardCharsets.UTF_8);
            System.setOut(out);
        }
    }

    private static void freshErr() {
        if (err == null || System.err == err) {
            err = new PrintStream(errToKernel, true, StandardCharsets.UTF_8);
            System.setErr(err);
        }
    }

    private static boolean isStop(Throwable t) {
        for (Throwable e = t; e != null; e = e.getCause()) {
            if (e instanceof StopCell) {
                return true;
            }
        }
        return false;
    }

    /**
     * Thrown into the client thread by the kernel (JDI {@code ThreadReference.stop}).
     * An {@link Error}, so that {@code catch (Exception e)} in a cell does not swallow it.
     */
    private static final class StopCell extends Error {
        private static final long serialVersionUID = 1L;

        StopCell() {
            super("cell stopped by the kernel", null, false, false);
        }
    }
}
