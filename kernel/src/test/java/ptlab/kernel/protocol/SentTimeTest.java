package ptlab.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SentTimeTest {

    @Test
    void keepsTheMicrosecondsJupyterClientSends() {
        Instant a = SentTime.parse("2026-12-02T07:10:00.123456Z");
        Instant b = SentTime.parse("2026-12-02T07:10:00.123457Z");
        assertEquals(Instant.parse("2026-12-02T07:10:00.123456Z"), a);
        assertTrue(a.isBefore(b), "one microsecond apart is an order");
    }

    @Test
    void readsOffsetsAndDatesWithoutAZoneAsUtc() {
        assertEquals(Instant.parse("2026-12-02T06:10:00Z"), SentTime.parse("2026-12-02T07:10:00+01:00"));
        assertEquals(Instant.parse("2026-12-02T07:10:00.5Z"), SentTime.parse("2026-12-02T07:10:00.500"));
    }

    @Test
    void anythingElseIsUnknown() {
        assertNull(SentTime.parse(null));
        assertNull(SentTime.parse(""));
        assertNull(SentTime.parse("yesterday"));
        assertNull(SentTime.of(null));
    }
}
