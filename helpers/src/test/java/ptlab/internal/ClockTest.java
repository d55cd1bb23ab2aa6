package ptlab.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class ClockTest {

    @Test
    void readsAsEpochMicrosAndNeverGoesBack() {
        Clock clock = Clock.anchorNow();
        long before = Instant.now().toEpochMilli() * 1000;
        long previous = clock.nowMicros();
        for (int i = 0; i < 100_000; i++) {
            long now = clock.nowMicros();
            assertTrue(now >= previous);
            previous = now;
        }
        long after = Instant.now().toEpochMilli() * 1000 + 1000;
        assertTrue(previous >= before - 1000 && previous <= after + 1000, before + " " + previous + " " + after);
    }

    @Test
    void convertsBetweenNanoTimeAndMicros() {
        Clock clock = Clock.anchorNow();
        long nano = System.nanoTime();
        long micros = clock.toMicros(nano);
        assertTrue(Math.abs(clock.toNanoTime(micros) - nano) < 1_000);
        assertEquals(Instant.ofEpochSecond(1, 2_000), Clock.instant(1_000_002));
        assertEquals(Instant.ofEpochSecond(-1, 999_999_000), Clock.instant(-1));
    }

    @Test
    void twoClocksAgree() {
        Clock a = Clock.anchorNow();
        Clock b = Clock.anchorNow();
        long n = System.nanoTime();
        assertTrue(Math.abs(a.toMicros(n) - b.toMicros(n)) < 10_000, "anchored a moment apart, they agree closely");
    }
}
