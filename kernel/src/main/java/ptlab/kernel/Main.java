package ptlab.kernel;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import ptlab.kernel.cell.Descendants;
import ptlab.kernel.output.OutputRouter;
import ptlab.kernel.protocol.KernelSockets;
import ptlab.kernel.protocol.PortTakenException;
import ptlab.kernel.session.CellJvmSpec;
import ptlab.kernel.session.Phases;
import ptlab.kernel.session.Sessions;

/**
 * The kernel's entry point: {@code java -jar ptlab-kernel.jar <connection file>}.
 *
 * <p>Start-up, in this order: the connection file is read and the sockets are bound to its ports,
 * first of all: Jupyter found those ports free but does not hold them, so every moment before the
 * bind is one in which another program (on a shared machine, often another server's kernel) can
 * take one. A taken port is waited for a while, then the kernel ends with a message that says
 * what to do. Then the watch on the Jupyter server starts, the first session starts in the
 * background (JShell, its compiler's first, slow compiles and the cell JVM), every handler is
 * registered and requests are served; {@code kernel_info} is answered without waiting for the
 * cell JVM.
 */
public final class Main {

    /** The exit status after an error the kernel JVM cannot recover from: Jupyter restarts the kernel. */
    static final int FATAL_STATUS = 70;
    /** The exit status when a port of the connection file stays taken: Jupyter restarts the kernel. */
    static final int PORT_TAKEN_STATUS = 75;
    /** How long the kernel waits for a taken port of the connection file to be let go of. */
    static final long PORT_WAIT_MILLIS = 10_000;
    /** How long the kernel waits for the processes below it to be gone before it exits. */
    static final long END_CHILDREN_MILLIS = 1000;

    private Main() {
    }

    /**
     * Runs the kernel until a shutdown request (or a signal) ends it.
     *
     * @param args the connection file written by Jupyter
     * @throws Exception if the connection file cannot be read or the sockets cannot be bound
     */
    public static void main(String[] args) throws Exception {
        long mainStart = Phases.now();
        if (args.length != 1) {
            System.err.println("usage: java -jar ptlab-kernel.jar <connection file>");
            System.exit(2);
        }
        // Jupyter found these ports free and let go of them: they are bound before anything else
        // runs, so that the window in which another program can take one is as short as it can be
        String json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        KernelSockets sockets = new KernelSockets(KernelConnectionProperties.parse(json));
        try {
            sockets.bind(PORT_WAIT_MILLIS);
        } catch (PortTakenException e) {
            System.err.println("ptlab-java: the kernel cannot start: " + e.getMessage() + ". Jupyter chose the port "
                    + "as free, and another program took it before the kernel could. Shut this kernel down and "
                    + "start a new one: a new kernel gets new ports, a restart (by Jupyter's default) keeps them.");
            System.exit(PORT_TAKEN_STATUS);
        }

        OutputRouter router = new OutputRouter();
        Sessions sessions = new Sessions(CellJvmSpec.nextTo(jarDirectory()), router);
        Runnable endCellJvms = () -> {
            sessions.close();
            // a cell JVM still starting is no session yet: nothing below this JVM outlives it
            Descendants.destroy(ProcessHandle.current(), END_CHILDREN_MILLIS);
        };
        Runtime.getRuntime().addShutdownHook(new Thread(endCellJvms, "ptlab-shutdown"));
        ServerWatch.start(endCellJvms);
        sessions.start(); // JShell, its compiler and the first cell JVM, in the background
        router.connect(sockets);
        CountDownLatch stopped = new CountDownLatch(1);
        JavaKernel kernel = new JavaKernel(sockets, sessions, router);
        kernel.register();
        AtomicInteger status = new AtomicInteger();
        Runnable stop = () -> {
            sockets.stop(); // the channels' threads wind down while the cell JVM ends
            endCellJvms.run();
            sockets.close();
            stopped.countDown();
        };
        sockets.onShutdown(stop);
        sockets.onFatal(() -> {
            status.set(FATAL_STATUS);
            stop.run();
        });
        sockets.serve();
        Phases.serving(mainStart);
        stopped.await();
        System.exit(status.get());
    }

    /** The folder of the jar this class was loaded from; the cell and helper jars are there too. */
    static Path jarDirectory() throws IOException {
        Path location = ownLocation();
        return Files.isDirectory(location) ? location : location.getParent();
    }

    /**
     * The jar (or class folder) this class was loaded from. Classes that come from a JDK 25 AOT
     * cache have no code source location, so then it is the first class path entry (with
     * {@code java -jar} that is the jar).
     */
    static Path ownLocation() throws IOException {
        CodeSource source = Main.class.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        try {
            if (url != null) {
                return Path.of(url.toURI()).toAbsolutePath();
            }
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the kernel jar", e);
        }
        String first = System.getProperty("java.class.path", "").split(File.pathSeparator)[0];
        if (first.isEmpty()) {
            throw new IOException("cannot locate the kernel jar");
        }
        return Path.of(first).toAbsolutePath();
    }
}
