package ptlab.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link PrintStream} for {@code Runner.output(...)} that keeps the lines and can wait for one to appear. */
public final class Lines extends PrintStream {

    private final ByteArrayOutputStream bytes;
    private final List<Watch> watches = new ArrayList<>();

    private record Watch(Predicate<String> when, CountDownLatch latch) {
    }

    public Lines() {
        this(new ByteArrayOutputStream());
    }

    private Lines(ByteArrayOutputStream bytes) {
        super(bytes, true, StandardCharsets.UTF_8);
        this.bytes = bytes;
    }

    @Override
    public void println(String x) {
        super.println(x);
        synchronized (watches) {
            for (Watch w : watches) {
                if (w.when.test(x)) {
                    w.latch.countDown();
                }
            }
        }
    }

    /** A latch that opens when {@code count} printed lines have matched. */
    public CountDownLatch when(Predicate<String> line, int count) {
        CountDownLatch latch = new CountDownLatch(count);
        synchronized (watches) {
            watches.add(new Watch(line, latch));
        }
        return latch;
    }

    /** Everything printed so far. */
    public String text() {
        flush();
        synchronized (this) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** The printed lines so far. */
    public List<String> lines() {
        return text().lines().toList();
    }

    /** Waits for a latch, failing the test after a generous bound (a guard against hangs, not a timing check). */
    public static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    /** An output stream that throws the given error on the first write of a line containing {@code marker}. */
    public static PrintStream throwingOn(String marker, Error error) {
        return new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String x) {
                if (x != null && x.contains(marker)) {
                    throw error;
                }
            }
        };
    }
}
