package ptlab.ipc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.internal.Checks;
import ptlab.process.ChildExit;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;

/**
 * One {@code EchoPeer} child and the parent's end of its channel, for {@link RoundTrips#measure}: starts the child,
 * sends a message and waits for its echo, and stops the child and deletes its files when closed.
 */
final class EchoSession implements AutoCloseable {

    /** How long one reply may take before the channel counts as failed. */
    static final long REPLY_NANOS = 5_000_000_000L;

    private final Channel channel;
    private final long deadline;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path dir;
    private ChildProcess child;
    private OutputStream pipeOut;
    private ServerSocket server;
    private Socket socket;
    private DataInputStream socketIn;
    private DataOutputStream socketOut;
    private MappedByteBuffer memory;
    private int seq;

    private static final String GONE = "\u0000gone";

    EchoSession(Channel channel, long deadline) throws IOException, InterruptedException {
        this.channel = channel;
        this.deadline = deadline;
        this.dir = Files.createTempDirectory("ptlab-ipc-");
        try {
            start();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            kill();
            close();
            throw e;
        }
    }

    private void start() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--parent", Long.toString(ProcessHandle.current().pid()),
                "--mode", channel.mode()));
        switch (channel) {
            case FILE -> args.addAll(List.of("--dir", dir.toString()));
            case SOCKET -> {
                server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                server.setSoTimeout(100);
                args.addAll(List.of("--port", Integer.toString(server.getLocalPort())));
            }
            case SHARED_MEMORY -> {
                Path file = dir.resolve("shared");
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    memory = ch.map(FileChannel.MapMode.READ_WRITE, 0, EchoPeer.MEMORY_BYTES);
                }
                args.addAll(List.of("--file", file.toString()));
            }
            default -> {
            }
        }
        List<String> cmd = JavaCommand.of(EchoPeer.class, List.of("-XX:TieredStopAtLevel=1"), args);
        child = ChildProcess.start("echo-" + channel.mode(), cmd, JavaCommand.environment(), RoundTrips.BOUND.plusSeconds(5),
                new ChildProcess.Listener() {
                    @Override
                    public void line(String text, boolean stderr, boolean cut) {
                        if (!stderr) {
                            lines.add(text);
                        }
                    }

                    @Override
                    public void exited(ChildExit exit) {
                        lines.add(GONE + exit.describe());
                    }
                });
        switch (channel) {
            case PIPE -> pipeOut = stdinOf(child);
            case SOCKET -> {
                while (socket == null) {
                    check();
                    try {
                        socket = server.accept();
                    } catch (SocketTimeoutException e) {
                        if (!lines.isEmpty() && lines.peek().startsWith(GONE)) {
                            throw new IOException("the peer " + lines.peek().substring(GONE.length()));
                        }
                    }
                }
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(200);
                socketIn = new DataInputStream(socket.getInputStream());
                socketOut = new DataOutputStream(socket.getOutputStream());
            }
            default -> awaitLine("ready");
        }
    }

    private void check() throws InterruptedException, IOException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (System.nanoTime() - deadline > 0) {
            throw new IOException("the " + RoundTrips.BOUND.toSeconds() + " s bound passed while the peer was starting");
        }
    }

    private String awaitLine(String expected) throws InterruptedException, IOException {
        long limit = System.nanoTime() + REPLY_NANOS;
        while (true) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null) {
                if (l.startsWith(GONE)) {
                    throw new IOException("the peer " + l.substring(GONE.length()));
                }
                if (expected == null || l.equals(expected)) {
                    return l;
                }
                continue;
            }
            if (System.nanoTime() - limit > 0) {
                throw new IOException("no reply from the peer within " + REPLY_NANOS / 1_000_000_000L + " s");
            }
        }
    }

    byte[] roundTrip(byte[] msg) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return switch (channel) {
            case PIPE -> {
                pipeOut.write(msg);
                pipeOut.write('\n');
                pipeOut.flush();
                yield awaitLine(null).getBytes(StandardCharsets.US_ASCII);
            }
            case SOCKET -> {
                socketOut.writeInt(msg.length);
                socketOut.write(msg);
                socketOut.flush();
                long limit = System.nanoTime() + REPLY_NANOS;
                while (true) {
                    try {
                        int n = socketIn.readInt();
                        byte[] b = new byte[n];
                        socketIn.readFully(b);
                        yield b;
                    } catch (SocketTimeoutException e) {
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                        if (System.nanoTime() - limit > 0) {
                            throw new IOException("no reply on the socket within 5 s");
                        }
                    }
                }
            }
            case FILE -> {
                Path tmp = dir.resolve("request.tmp");
                Files.write(tmp, msg);
                Files.move(tmp, dir.resolve("request"), StandardCopyOption.ATOMIC_MOVE);
                Path reply = dir.resolve("reply");
                long limit = System.nanoTime() + REPLY_NANOS;
                int polls = 0;
                while (true) {
                    try {
                        byte[] b = Files.readAllBytes(reply);
                        Files.delete(reply);
                        yield b;
                    } catch (NoSuchFileException e) {
                        LockSupport.parkNanos(20_000);
                        if (++polls % 256 == 0) {
                            waitCheck(limit);
                        }
                    }
                }
            }
            case SHARED_MEMORY -> {
                memory.put(EchoPeer.REQUEST_AT, msg);
                memory.putInt(8, msg.length);
                int s = ++seq;
                EchoPeer.INT.setVolatile(memory, 0, s);
                long limit = System.nanoTime() + REPLY_NANOS;
                int spins = 0;
                while ((int) EchoPeer.INT.getVolatile(memory, 4) != s) {
                    if (++spins < 2_000) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield(); // with one CPU, spinning would keep the peer from answering
                        if (spins % 1024 == 0) {
                            waitCheck(limit);
                        }
                    }
                }
                byte[] b = new byte[memory.getInt(12)];
                memory.get(EchoPeer.REPLY_AT, b);
                yield b;
            }
        };
    }

    private void waitCheck(long limit) throws InterruptedException, IOException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (System.nanoTime() - limit > 0) {
            throw new IOException("no reply within 5 s");
        }
        if (child.isDone()) {
            throw new IOException("the peer ended");
        }
    }

    void kill() {
        if (child != null) {
            child.destroy();
        }
    }

    @Override
    public void close() {
        boolean interrupted = Thread.interrupted();
        closeQuietly(socket);
        closeQuietly(server);
        if (memory != null) {
            EchoPeer.INT.setVolatile(memory, 0, -1);
        }
        if (child != null) {
            if (interrupted) {
                child.destroy(); // an interrupted cell must be free within a second
            }
            try {
                child.finish(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    /** The child's stdin, once the launcher has set it (waits at most 5 s). */
    private static OutputStream stdinOf(ChildProcess child) throws IOException, InterruptedException {
        long limit = System.nanoTime() + 5_000_000_000L;
        while (true) {
            OutputStream o = child.stdin();
            if (o != null) {
                return o;
            }
            if (child.isDone() || System.nanoTime() - limit > 0) {
                throw new IOException("the peer's stdin is not available");
            }
            Thread.sleep(1);
        }
    }
}
