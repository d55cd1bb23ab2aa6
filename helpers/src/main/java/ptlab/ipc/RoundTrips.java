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
        EchoSession s = new EchoSession(channel, deadline);
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
