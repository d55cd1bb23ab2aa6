package ptlab.kernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;

import ptlab.kernel.assist.CodeAssist;
import ptlab.kernel.eval.CellRunner;
import ptlab.kernel.output.OutputRouter;
import ptlab.kernel.protocol.KernelSockets;
import ptlab.kernel.session.CellJvmSpec;
import ptlab.kernel.session.Sessions;

/**
 * A short run of the kernel's usual work, without a frontend, for {@link Install} to build the
 * AppCDS archive from: it binds the sockets, starts a cell JVM, runs a few cells (a value, output,
 * a compile error, an exception), completes and inspects, then exits so that the JVM writes the
 * classes it loaded into the archive.
 */
public final class Training {

    private Training() {
    }

    /**
     * @param args none
     * @throws Exception if the kernel cannot do its usual work (the installer then goes on without an archive)
     */
    public static void main(String[] args) throws Exception {
        KernelSockets sockets = new KernelSockets(new KernelConnectionProperties("127.0.0.1",
                freePort(), freePort(), freePort(), freePort(), freePort(), "tcp", "hmac-sha256", "training"));
        sockets.bind(0);
        OutputRouter router = new OutputRouter();
        Sessions sessions = new Sessions(CellJvmSpec.nextTo(Main.jarDirectory()), router);
        sessions.start();
        router.connect(sockets);
        new JavaKernel(sockets, sessions, router).register();
        sockets.serve();

        CellRunner runner = new CellRunner(sessions, router);
        Message<ExecuteRequest> request = new Message<>(new Header<>("training", MessageType.EXECUTE_REQUEST),
                new ExecuteRequest("", false, true, java.util.Map.of(), false, true));
        int count = 0;
        for (String cell : List.of("1 + 1", "System.out.println(\"out\"); System.err.println(\"err\");",
                "int x = \"no\";", "Integer.parseInt(\"x\")", "var list = new ArrayList<String>(); list.add(\"a\"); list",
                "%lsmagic")) {
            router.beginCell(request, false);
            runner.run(cell, ++count);
            router.endCell(count);
        }
        var analysis = sessions.current().jshell().sourceCodeAnalysis();
        CodeAssist.complete(analysis, "Math.ab", 7);
        CodeAssist.isComplete(analysis, "for (int i = 0; i < 3; i++) {");
        CodeAssist.inspect(analysis, "Math.abs", 8);
        sessions.close();
        sockets.close();
        System.exit(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
