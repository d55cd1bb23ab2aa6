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
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;

/**
 * Measured round trips through one channel: a message goes out, the other side sends it back, and the time from
 * sending to having the reply is one sample. {@link #measure(Channel, int)} does this with a child JVM
 * ({@code EchoPeer}) for each {@link Channel}; {@link #of(String, long[], boolean)} wraps samples measured elsewhere
 * (e.g. between two threads in a notebook cell). Every reply is checked to be the bytes sent. Immutable.
 *
 * <pre>{@code
 * RoundTrips pipe = RoundTrips.measure(Channel.PIPE, 1000);
 * display(RoundTrips.table(List.of(queue, pipe, ...)));
 * }</pre>
 */
public final class RoundTrips implements Displayable {

    /** The most round trips in one measurement: {@value}. */
    public static final int MAX_COUNT = 100_000;

    /** Untimed round trips before the timed ones, so both sides' code is compiled: {@value}. */
    public static final int WARM_UP = 200;

    /** The time bound of one {@link #measure}, child start-up included: 20 s; later samples are left out. */
    public static final Duration BOUND = Duration.ofSeconds(20);

    /** The message size {@link #measure(Channel, int)} uses: {@value} bytes. */
    public static final int DEFAULT_MESSAGE_BYTES = 64;

    /** How long one reply may take before the measurement fails: 5 s. */
    static final long REPLY_NANOS = 5_000_000_000L;

    private final String channel;
    private final String how;
    private final long[] nanos;
    private final boolean allEchoed;
    private final int requested;

    private RoundTrips(String channel, String how, long[] nanos, boolean allEchoed, int requested) {
        this.channel = channel;
        this.how = how;
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
        this.allEchoed = allEchoed;
        this.requested = requested;
    }

    /**
     * Round trips measured elsewhere.
     *
     * @param channel   what carried them, e.g. {@code queue between threads}
     * @param nanos     one duration per round trip, in ns (1 to {@value #MAX_COUNT} of them, none negative)
     * @param allEchoed whether every reply was what had been sent
     */
    public static RoundTrips of(String channel, long[] nanos, boolean allEchoed) {
        Checks.name(channel, "channel", 64);
        Checks.notNull(nanos, "nanos");
        Checks.range(nanos.length, 1, MAX_COUNT, "nanos.length", "round trips");
        for (int i = 0; i < nanos.length; i++) {
            if (nanos[i] < 0) {
                throw new IllegalArgumentException("nanos[" + i + "] = " + nanos[i] + " is out of range; allowed: 0 or more ns");
            }
        }
        return new RoundTrips(channel, "", nanos, allEchoed, nanos.length);
    }

    /** {@link #measure(Channel, int, int)} with {@value #DEFAULT_MESSAGE_BYTES}-byte messages. */
    public static RoundTrips measure(Channel channel, int count) throws InterruptedException, IOException {
        return measure(channel, count, DEFAULT_MESSAGE_BYTES);
    }

    /**
     * Starts an {@code EchoPeer} child JVM for {@code channel}, sends it {@value #WARM_UP} untimed messages, then
     * {@code count} timed ones, each waiting for its reply; stops the child and deletes its files before returning,
     * also on error or interrupt. Sockets are on the loopback interface only.
     *
     * @param channel      the way to send
     * @param count        timed round trips, 1 to {@value #MAX_COUNT}; fewer are timed when {@link #BOUND} passes
     * @param messageBytes bytes per message, 1 to {@value EchoPeer#MAX_MESSAGE_BYTES}
     * @throws InterruptedException when interrupted (within moments; the child is killed)
     * @throws IOException          when the channel fails or a reply does not come within 5 s
     */
    public static RoundTrips measure(Channel channel, int count, int messageBytes) throws InterruptedException, IOException {
        Checks.notNull(channel, "channel");
        Checks.range(count, 1, MAX_COUNT, "count", "round trips");
        Checks.range(messageBytes, 1, EchoPeer.MAX_MESSAGE_BYTES, "messageBytes", "bytes");
        long deadline = System.nanoTime() + BOUND.toNanos();
        Session s = new Session(channel, deadline);
        try {
            byte[] msg = new byte[messageBytes];
            boolean echoed = true;
            for (int i = 0; i < WARM_UP; i++) {
                fill(msg, i);
                echoed &= Arrays.equals(msg, s.roundTrip(msg));
            }
            long[] nanos = new long[count];
            int done = 0;
            for (; done < count && System.nanoTime() < deadline; done++) {
                fill(msg, done + WARM_UP);
                long t0 = System.nanoTime();
                byte[] reply = s.roundTrip(msg);
                nanos[done] = System.nanoTime() - t0;
                echoed &= Arrays.equals(msg, reply);
            }
            if (done == 0) {
                throw new IOException("the " + BOUND.toSeconds() + " s bound passed before a timed round trip");
            }
            return new RoundTrips(channel.label(), channel.how(), Arrays.copyOf(nanos, done), echoed, count);
        } catch (InterruptedException | IOException | RuntimeException | Error e) {
            s.kill();
            throw e;
        } finally {
            s.close();
        }
    }

    /** Printable ASCII (the pipe carries lines), different for every message. */
    private static void fill(byte[] msg, int seed) {
        for (int i = 0; i < msg.length; i++) {
            msg[i] = (byte) ('A' + Math.floorMod(seed * 31 + i * 7, 26));
        }
    }

    /** One child and the parent's end of the channel. */
    private static final class Session implements AutoCloseable {
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

        Session(Channel channel, long deadline) throws IOException, InterruptedException {
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
            child = ChildProcess.start("echo-" + channel.mode(), cmd, JavaCommand.environment(), BOUND.plusSeconds(5),
                    new ChildProcess.Listener() {
                        @Override
                        public void line(String text, boolean stderr, boolean cut) {
                            if (!stderr) {
                                lines.add(text);
                            }
                        }

                        @Override
                        public void exited(ChildProcess.Exit exit) {
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
                throw new IOException("the " + BOUND.toSeconds() + " s bound passed while the peer was starting");
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
                child.closeStdin();
                try {
                    if (!child.awaitGone(Duration.ofSeconds(2))) {
                        child.destroy();
                        child.awaitGone(Duration.ofSeconds(2));
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    child.destroy();
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
    }

    /**
     * The child's stdin. {@link ChildProcess} keeps it to itself (it offers only {@code closeStdin()}), so it is read
     * from its field until ChildProcess has an accessor; waits (at most 5 s) until the launcher has set it.
     */
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

    /** What carried the messages. */
    public String channel() {
        return channel;
    }

    /** How the channel works, or empty. */
    public String how() {
        return how;
    }

    /** How many round trips were timed. */
    public int count() {
        return nanos.length;
    }

    /** How many were asked for (more than {@link #count()} when the bound passed). */
    public int requested() {
        return requested;
    }

    /** True when every reply was the bytes sent. */
    public boolean allEchoed() {
        return allEchoed;
    }

    /** The fastest round trip, in µs. */
    public double minMicros() {
        return nanos[0] / 1e3;
    }

    /** The median round trip, in µs. */
    public double medianMicros() {
        int m = nanos.length / 2;
        return (nanos.length % 2 == 1 ? nanos[m] : (nanos[m - 1] + nanos[m]) / 2.0) / 1e3;
    }

    /** The 90th percentile, in µs. */
    public double p90Micros() {
        return nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.9) - 1)] / 1e3;
    }

    /** The slowest round trip, in µs. */
    public double maxMicros() {
        return nanos[nanos.length - 1] / 1e3;
    }

    /** The samples in ns, sorted (a copy). */
    public long[] nanos() {
        return nanos.clone();
    }

    /**
     * One table of several measurements: channel, n, min, median, 90th percentile, max, the median against the
     * first row's, and whether every reply came back intact.
     */
    public static Table table(List<RoundTrips> rows) {
        Checks.nonEmptyList(rows, "rows", 64, "measurements", "64");
        double base = rows.get(0).medianMicros();
        Table.Builder b = Table.builder("channel", "n", "min", "median", "p90", "max", "median vs first", "bytes back intact", "how")
                .alignRight(1, 2, 3, 4, 5, 6).title("round trips measured here (median of n)");
        for (RoundTrips r : rows) {
            b.row(r.channel(), r.count(), us(r.minMicros()), us(r.medianMicros()), us(r.p90Micros()), us(r.maxMicros()),
                    base <= 0 ? "?" : ratio(r.medianMicros() / base), r.allEchoed() ? "yes" : "NO",
                    r.how());
        }
        return b.build();
    }

    private static String ratio(double x) {
        return String.format(Locale.ROOT, x < 10 ? "%.1fx" : "%.0fx", x);
    }

    private static String us(double micros) {
        if (micros < 10) {
            return String.format(Locale.ROOT, "%.1f µs", micros);
        }
        if (micros < 10_000) {
            return String.format(Locale.ROOT, "%.0f µs", micros);
        }
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000);
    }

    /** A one-row table. */
    @Override
    public MimeBundle toMimeBundle() {
        return table(List.of(this)).toMimeBundle();
    }

    /** {@code pipe: median 41.2 µs over 1000 round trips (min 30.1, max 900.2), bytes intact}. */
    @Override
    public String toString() {
        return channel + ": median " + us(medianMicros()) + " over " + count() + " round trips (min " + us(minMicros()) + ", max "
                + us(maxMicros()) + "), " + (allEchoed ? "bytes intact" : "SOME REPLIES DIFFERED");
    }
}
