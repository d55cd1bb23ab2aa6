package ptlab.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A sink for a runner's live lines that remembers when the first line containing a marker was written: for a
 * task run, the moment the caller learns that the task started ("Task A starting ...").
 */
final class FirstLine extends OutputStream {

    private final byte[] marker;
    private final StringBuilder seen = new StringBuilder();
    private volatile long atNanos = -1;

    FirstLine(String marker) {
        this.marker = marker.getBytes(StandardCharsets.UTF_8);
    }

    PrintStream stream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    /** When the marker was first written ({@link System#nanoTime()}), or -1. */
    long atNanos() {
        return atNanos;
    }

    /** What was written, up to the first 4096 characters. */
    synchronized String text() {
        return seen.toString();
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        long now = System.nanoTime();
        if (seen.length() < 4096) {
            seen.append(new String(b, off, len, StandardCharsets.UTF_8));
        }
        if (atNanos < 0 && seen.indexOf(new String(marker, StandardCharsets.UTF_8)) >= 0) {
            atNanos = now;
        }
    }
}
