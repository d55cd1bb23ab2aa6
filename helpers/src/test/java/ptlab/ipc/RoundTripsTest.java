package ptlab.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

/** Round trips through every channel return the bytes sent; arguments and interrupts. */
@ExtendWith(NoLeftovers.class)
class RoundTripsTest {

    @ParameterizedTest
    @EnumSource(Channel.class)
    void roundTripsReturnTheBytesSent(Channel channel) throws Exception {
        RoundTrips r = RoundTrips.measure(channel, 50, 100);
        assertEquals(50, r.count());
        assertTrue(r.allEchoed(), r.toString());
        assertTrue(r.minMicros() <= r.medianMicros() && r.medianMicros() <= r.maxMicros());
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> RoundTrips.measure(Channel.PIPE, 0));
        assertThrows(IllegalArgumentException.class, () -> RoundTrips.measure(Channel.PIPE, RoundTrips.MAX_COUNT + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RoundTrips.measure(Channel.PIPE, 1, 0));
        assertTrue(e.getMessage().contains("messageBytes"), e.getMessage());
        assertThrows(NullPointerException.class, () -> RoundTrips.measure(null, 1));
        assertThrows(IllegalArgumentException.class, () -> RoundTrips.of("x", new long[0], true));
        assertThrows(IllegalArgumentException.class, () -> RoundTrips.of("x", new long[] {-1}, true));
    }

    @Test
    void aTableOfMeasurementsElsewhere() {
        RoundTrips q = RoundTrips.of("queue", new long[] {3000, 1000, 2000}, true);
        assertEquals(2.0, q.medianMicros());
        assertTrue(RoundTrips.table(List.of(q)).toString().contains("queue"));
    }

    @Test
    void anInterruptedMeasurementLeavesNothing() throws Exception {
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                RoundTrips.measure(Channel.FILE, RoundTrips.MAX_COUNT);
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        t.start();
        Thread.sleep(800);
        long t0 = System.nanoTime();
        t.interrupt();
        Throwable e = thrown.get(10, TimeUnit.SECONDS);
        t.join();
        assertTrue(e instanceof InterruptedException, String.valueOf(e));
        assertTrue(System.nanoTime() - t0 < 3_000_000_000L);
    }
}
