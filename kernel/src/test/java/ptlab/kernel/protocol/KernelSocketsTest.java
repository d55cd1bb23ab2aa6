package ptlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.junit.jupiter.api.Test;

import zmq.ZError;

class KernelSocketsTest {

    private static final Set<String> CHANNEL_THREADS = Set.of("ptlab-heartbeat", "ptlab-shell", "ptlab-control");

    @Test
    void closeEndsEveryChannelThreadAndFreesThePorts() throws Exception {
        KernelConnectionProperties props = props();
        KernelSockets sockets = new KernelSockets(props);
        sockets.bind(0);
        sockets.serve();
        assertEquals(CHANNEL_THREADS, channelThreads(), "serving");
        sockets.close();
        assertEquals(Set.of(), channelThreads(), "closed");
        for (int port : List.of(props.getShellPort(), props.getControlPort(), props.getIopubPort(),
                props.getStdinPort(), props.getHbPort())) {
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(port, again.getLocalPort());
            }
        }
    }

    @Test
    void aPortStillTakenAfterTheWaitIsNamedWithItsHolder() throws Exception {
        KernelConnectionProperties props = props();
        KernelSockets sockets = new KernelSockets(props);
        try (ServerSocket holder = new ServerSocket(props.getControlPort(), 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            PortTakenException e = assertThrows(PortTakenException.class, () -> sockets.bind(300));
            assertTrue(System.nanoTime() - start >= 300_000_000L, "gave up before the wait was over");
            String expected = "port " + props.getControlPort() + " (control) of the connection file is taken by pid "
                    + ProcessHandle.current().pid() + " (";
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
            assertTrue(e.getMessage().contains("listening"), e.getMessage());
        } finally {
            sockets.close();
        }
    }

    @Test
    void aPortLetGoOfDuringTheWaitIsBound() throws Exception {
        KernelConnectionProperties props = props();
        KernelSockets sockets = new KernelSockets(props);
        ServerSocket holder = new ServerSocket(props.getShellPort(), 1, InetAddress.getLoopbackAddress());
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(300);
                holder.close();
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();
        try {
            assertTrue(printed(() -> sockets.bind(30_000)), "no line said that the port was taken");
            assertTrue(holder.isClosed(), "bound while the port was still held");
            sockets.serve();
            assertEquals(CHANNEL_THREADS, channelThreads(), "serving");
        } finally {
            release.join();
            sockets.close();
        }
    }

    @Test
    void aClosedMailboxWhileClosingIsNotPrintedAndAnythingElseIs() throws Exception {
        KernelSockets sockets = new KernelSockets(props());
        Throwable closedMailbox = new ZError.IOException(new ClosedChannelException());
        Throwable other = new IllegalStateException("something else");
        assertTrue(printed(() -> sockets.ioThreadFailure(Thread.currentThread(), closedMailbox)), "while serving");
        sockets.stop();
        assertFalse(printed(() -> sockets.ioThreadFailure(Thread.currentThread(), closedMailbox)), "while closing");
        assertTrue(printed(() -> sockets.ioThreadFailure(Thread.currentThread(), other)), "anything else");
        sockets.close();
    }

    private static boolean printed(Runnable action) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(err);
        }
        return captured.size() > 0;
    }

    private static Set<String> channelThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(CHANNEL_THREADS::contains)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static KernelConnectionProperties props() throws IOException {
        return new KernelConnectionProperties("127.0.0.1", freePort(), freePort(), freePort(), freePort(), freePort(),
                "tcp", "hmac-sha256", "test");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
