package ptlab.kernel.protocol;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;

/**
 * When a client sent a message: the {@code date} of its header, with the client's full precision
 * (jupyter_client sends microseconds; jjava's own parsing keeps milliseconds only). The kernel uses
 * it to order messages that arrive on different sockets: an interrupt that was sent before a cell
 * was sent is meant for an earlier cell, not for that one.
 */
public final class SentTime {

    private SentTime() {
    }

    /** The send time of a message, or null when its header has no date that can be read. */
    public static Instant of(Message<?> message) {
        Header<?> header = message == null ? null : message.getHeader();
        KernelTimestamp stamp = header == null ? null : header.getTimestamp();
        return stamp == null ? null : parse(stamp.getDateString());
    }

    /** An ISO 8601 date and time, with an offset or (taken as UTC) without; null when it is not one. */
    static Instant parse(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(date).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(date).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
