package ptlab.os;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ptlab.process.JavaCommand;
import ptlab.process.ParentWatch;
import ptlab.run.ThreadProbe;

/**
 * The main class of the child JVM {@link SwitchCost} starts pinned to one CPU. It sends one byte back and forth
 * through two pipes, first between two of its threads, then between itself and a second child JVM (this class with
 * {@code --pong}, pinned to the same CPU because a child inherits its parent's CPUs), and prints per batch:
 * {@code threads|processes NANOS_PER_SWITCH SWITCHED_OUT_PER_ROUND_TRIP}, then {@code cpus ALLOWED}.
 * Both sides are the same code on the same kind of pipe; only "thread" or "process" differs.
 *
 * <pre>
 * java [flags] -cp ptlab-helpers.jar ptlab.os.SwitchPing --parent PID --round-trips N --batches B
 * java [flags] -cp ptlab-helpers.jar ptlab.os.SwitchPing --parent PID --pong
 * </pre>
 * Exit status: 0 when done, 1 when a pipe failed, 2 for bad arguments, {@value ParentWatch#PARENT_GONE} when the
 * parent went away.
 */
final class SwitchPing {

    private SwitchPing() {
    }

    public static void main(String[] args) throws Exception {
        long parent;
        boolean pong;
        int roundTrips;
        int batches;
        try {
            parent = ParentWatch.parentArgument(args);
            pong = List.of(args).contains("--pong");
            roundTrips = Integer.parseInt(ParentWatch.argument(args, "--round-trips", "1"));
            batches = Integer.parseInt(ParentWatch.argument(args, "--batches", "1"));
        } catch (RuntimeException e) {
            System.err.println("ptlab switch ping: bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (pong) {
            ParentWatch.start(parent, false);
            echo(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
            ParentWatch.exit(0);
            return;
        }
        ParentWatch.start(parent, true);
        PrintStream out = System.out;
        try {
            Pipe there = Pipe.open();
            Pipe back = Pipe.open();
            Thread echo = new Thread(() -> {
                try {
                    echo(Channels.newInputStream(there.source()), Channels.newOutputStream(back.sink()));
                } catch (IOException e) {
                    // the pipe was closed: done
                }
            }, "pong");
            echo.setDaemon(true);
            echo.start();
            InputStream threadIn = Channels.newInputStream(back.source());
            OutputStream threadOut = Channels.newOutputStream(there.sink());
            ProcessBuilder pb = new ProcessBuilder(JavaCommand.of(SwitchPing.class, List.of(),
                    List.of("--parent", Long.toString(ProcessHandle.current().pid()), "--pong")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(JavaCommand.environment());
            Process peer = pb.start();
            try {
                InputStream peerIn = peer.getInputStream();
                OutputStream peerOut = peer.getOutputStream();
                ping(threadIn, threadOut, roundTrips); // warm up both, untimed
                ping(peerIn, peerOut, roundTrips);
                List<String> lines = new ArrayList<>();
                for (int b = 0; b < batches; b++) {
                    lines.add("threads " + ping(threadIn, threadOut, roundTrips));
                    lines.add("processes " + ping(peerIn, peerOut, roundTrips));
                }
                lines.forEach(out::println);
                out.println("cpus " + ptlab.parallel.ChildJvm.allowedCpus());
                out.flush();
            } finally {
                peer.getOutputStream().close();
                if (!peer.waitFor(2, TimeUnit.SECONDS)) {
                    peer.destroyForcibly();
                }
                threadOut.close();
            }
        } catch (IOException e) {
            System.err.println("ptlab switch ping: " + e);
            ParentWatch.exit(1);
        }
        ParentWatch.exit(0);
    }

    /** Sends each byte it reads straight back, until end of input. */
    private static void echo(InputStream in, OutputStream out) throws IOException {
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            out.flush();
        }
    }

    /** {@code roundTrips} round trips; returns "nanoseconds per switch" and "times this thread was switched out per round trip". */
    private static String ping(InputStream in, OutputStream out, int roundTrips) throws IOException {
        long[] s0 = ThreadProbe.switches();
        long t0 = System.nanoTime();
        for (int i = 0; i < roundTrips; i++) {
            out.write(i & 0x7f);
            out.flush();
            if (in.read() != (i & 0x7f)) {
                throw new IOException("the echo did not send back the byte it got");
            }
        }
        long nanos = System.nanoTime() - t0;
        long[] s1 = ThreadProbe.switches();
        double perSwitch = nanos / (2.0 * roundTrips);
        double switchedOut = s0 == null || s1 == null ? -1 : (double) (s1[0] - s0[0] + s1[1] - s0[1]) / roundTrips;
        return String.format(java.util.Locale.ROOT, "%.1f %.3f", perSwitch, switchedOut);
    }
}
