package ptlab.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ptlab.process.JavaCommand;

/**
 * Context-switch ping-pong: two threads handing a turn back and forth (park/unpark), and two processes sending one
 * byte back and forth through pipes (this JVM and {@code cat}). One round trip is two switches.
 */
final class Switches {

    List<Row> measure(int batches, int roundTrips) throws Exception {
        threads(roundTrips); // warm up
        double[] th = new double[batches];
        double[] pr = new double[batches];
        Path cat = Files.isExecutable(Path.of("/bin/cat")) ? Path.of("/bin/cat") : Path.of("/usr/bin/cat");
        ProcessBuilder pb = new ProcessBuilder(cat.toString()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(JavaCommand.environment());
        Process p = pb.start();
        try {
            pipe(p, roundTrips); // warm up
            for (int i = 0; i < batches; i++) {
                th[i] = threads(roundTrips);
                pr[i] = pipe(p, roundTrips);
            }
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        Stats t = Stats.of(th);
        Stats q = Stats.of(pr);
        String how = batches + " batches of " + roundTrips + " round trips; median of the batches' µs per switch";
        return List.of(
                new Row("context switch ping-pong: two threads (handoff)", t.describe("µs"), "", "", "", "",
                        "LockSupport.park/unpark turn handoff; " + how),
                new Row("context switch ping-pong: two processes (pipe)", q.describe("µs"), "two threads " + t.describe("µs"),
                        Row.ratio(q.median(), t.median()), "", "", "one byte through two pipes to cat and back; " + how));
    }

    /** µs per switch of two threads handing a turn to each other. */
    static double threads(int roundTrips) throws InterruptedException {
        final class Turn {
            volatile int who;
            volatile Thread a;
            volatile Thread b;
        }
        Turn turn = new Turn();
        Thread b = new Thread(() -> {
            for (int i = 0; i < roundTrips; i++) {
                while (turn.who != 1) {
                    LockSupport.park(turn);
                }
                turn.who = 0;
                LockSupport.unpark(turn.a);
            }
        }, "bench-pong");
        turn.a = Thread.currentThread();
        turn.b = b;
        b.setDaemon(true);
        b.start();
        long t0 = System.nanoTime();
        for (int i = 0; i < roundTrips; i++) {
            turn.who = 1;
            LockSupport.unpark(b);
            while (turn.who != 0) {
                LockSupport.park(turn);
                if (Thread.interrupted()) {
                    b.interrupt();
                    throw new InterruptedException();
                }
            }
        }
        long t1 = System.nanoTime();
        b.join(5_000);
        return (t1 - t0) / 1e3 / (2.0 * roundTrips);
    }

    /** µs per switch of one byte going to cat and back. */
    static double pipe(Process p, int roundTrips) throws Exception {
        OutputStream out = p.getOutputStream();
        InputStream in = p.getInputStream();
        long t0 = System.nanoTime();
        for (int i = 0; i < roundTrips; i++) {
            out.write('x');
            out.flush();
            if (in.read() != 'x') {
                throw new IllegalStateException("cat did not echo the byte");
            }
        }
        return (System.nanoTime() - t0) / 1e3 / (2.0 * roundTrips);
    }
}
