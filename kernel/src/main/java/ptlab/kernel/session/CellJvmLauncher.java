package ptlab.kernel.session;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.IllegalConnectorArgumentsException;
import com.sun.jdi.connect.ListeningConnector;

import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionEnv;

import ptlab.kernel.cell.Descendants;

/**
 * Starts a cell JVM running {@code CellAgent} and connects a {@link CellJvmControl} to it.
 *
 * <p>Works on JDK 21 (JShell's own way to plug in a launcher is JDK 22+): it starts the JVM itself,
 * so that the kernel keeps its {@link Process} and the JVM's own stdout and stderr.
 */
final class CellJvmLauncher {

    /** The buffer on the agent's socket (commands and output). */
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** How many ports the JDWP listener tries, each free when picked (another program may take it before the bind). */
    private static final int PORT_ATTEMPTS = 5;

    private CellJvmLauncher() {
    }

    /**
     * Starts a cell JVM and connects JShell to it.
     *
     * <p>Like JShell's {@code JdiInitiator} in listen mode (a JDI listening connector, then the
     * JVM started with a {@code ProcessBuilder}, no shell), except that the JVM's own stdout
     * and stderr are kept: they carry what the JVM itself prints (warnings, a crash) and the
     * output of child processes started with {@code inheritIO()}, which the course's cells do.
     * Cell code's {@code System.out} and {@code System.err} travel on the command socket.
     *
     * @param env           JShell's environment: the user streams and the remote VM options
     * @param processOut    where the JVM's own stdout goes
     * @param processErr    where the JVM's own stderr goes
     * @param timeoutMillis how long the JVM may take to connect back
     * @return the engine, connected
     * @throws IOException if the JVM cannot be started or does not connect
     */
    static CellJvmControl launch(ExecutionEnv env, OutputStream processOut, OutputStream processErr, int timeoutMillis)
            throws IOException {
        ListeningConnector connector = listeningConnector();
        Map<String, Connector.Argument> jdiArgs = connector.defaultArguments();
        jdiArgs.get("localAddress").setValue("127.0.0.1");
        jdiArgs.get("timeout").setValue(Integer.toString(timeoutMillis));
        Process process = null;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String jdiAddress = startListening(connector, jdiArgs);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-agentlib:jdwp=transport=dt_socket,address=" + jdiAddress);
            command.addAll(env.extraRemoteVMOptions());
            command.add(CellJvmControl.AGENT_CLASS);
            command.add(Integer.toString(listener.getLocalPort()));
            String secret = StartSecret.create();
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put(StartSecret.VARIABLE, secret); // not on the command line, which others can read
            long launching = Phases.now();
            process = builder.start();
            process.getOutputStream().close(); // children that inherit stdin read end-of-file
            process.onExit().thenRun(() -> stopListening(connector, jdiArgs)); // a JVM that dies at once ends the wait
            copy(process.getInputStream(), processOut, "ptlab-cell-jvm-stdout");
            copy(process.getErrorStream(), processErr, "ptlab-cell-jvm-stderr");

            VirtualMachine vm = connector.accept(jdiArgs);
            long attaching = Phases.now();
            stopListening(connector, jdiArgs);
            CellJvmControl[] self = new CellJvmControl[1];
            // Also resumes the VM after its start event. On death or disconnect, JShell closes
            // down, which closes this engine.
            Util.detectJdiExitEvent(vm, reason -> env.closeDown());
            Socket socket = StartSecret.accept(listener, process, timeoutMillis, secret);
            // Commands and output are many small writes: without this, Nagle's algorithm and
            // delayed ACKs add some 40 ms to each of the several round trips of every snippet.
            socket.setTcpNoDelay(true);
            Process started = process;
            // JShell reads each output packet (at most 127 bytes) in four reads: unbuffered, that
            // is four system calls, and a flood queued in the socket would take seconds to drain
            InputStream fromAgent = new BufferedInputStream(socket.getInputStream(), READ_BUFFER_BYTES);
            Util.remoteInputOutput(fromAgent, socket.getOutputStream(),
                    Map.of("out", env.userOut(), "err", env.userErr()),
                    Map.of("in", env.userIn()),
                    (cmdIn, cmdOut) -> self[0] = new CellJvmControl(cmdOut, cmdIn, vm, started));
            self[0].launchNanos = attaching - launching;
            self[0].attachNanos = Phases.now() - attaching;
            return self[0];
        } catch (IOException | IllegalConnectorArgumentsException | RuntimeException e) {
            stopListening(connector, jdiArgs);
            if (process != null) {
                Descendants.destroyWithRoot(process.toHandle(), 500); // no half-started JVM stays
                if (!process.isAlive() && process.exitValue() != 0 && !(e instanceof IOException)) {
                    throw new IOException("the cell JVM exited with status " + process.exitValue() + " while starting", e);
                }
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    /**
     * Listens for the JVM's JDWP connection on a port picked here, not on port 0. Given port 0, JDI
     * turns SO_REUSEADDR off, and the connection it accepts then keeps its port from every other
     * bind for the cell JVM's whole life. That port may be one Jupyter has just picked for another
     * kernel (it picks free ports and lets go of them until that kernel binds them): that kernel's
     * start fails, and so does every restart, since a restart keeps the ports. Given a port, the
     * listener keeps the JDK's SO_REUSEADDR, and so does the connection it accepts: a kernel's
     * ZeroMQ sockets (SO_REUSEADDR too) can still bind the port. The command socket's listener is a
     * plain {@link ServerSocket}, which has it already.
     */
    private static String startListening(ListeningConnector connector, Map<String, Connector.Argument> args)
            throws IOException, IllegalConnectorArgumentsException {
        for (int attempt = 1; ; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                args.get("port").setValue(Integer.toString(probe.getLocalPort()));
            }
            try {
                return connector.startListening(args);
            } catch (IOException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void stopListening(ListeningConnector connector, Map<String, Connector.Argument> args) {
        try {
            connector.stopListening(args);
        } catch (IOException | IllegalConnectorArgumentsException | RuntimeException e) {
            // not listening (any more)
        }
    }

    private static ListeningConnector listeningConnector() throws IOException {
        for (ListeningConnector c : Bootstrap.virtualMachineManager().listeningConnectors()) {
            if (c.name().equals("com.sun.jdi.SocketListen")) {
                return c;
            }
        }
        throw new IOException("this JDK has no JDI socket listening connector");
    }

    /** Copies a stream to the notebook on a daemon thread until it ends. */
    private static void copy(InputStream from, OutputStream to, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (from) {
                for (int n; (n = from.read(buffer)) > 0; ) {
                    to.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the JVM is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
