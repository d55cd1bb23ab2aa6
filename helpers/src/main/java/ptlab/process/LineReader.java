package ptlab.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import ptlab.internal.Checks;

/**
 * Reads an input stream as UTF-8 lines of bounded length, for a child's stdout and stderr: a line longer than the
 * bound is delivered cut (first {@code maxBytes} bytes) and the rest of it is skipped, so a child that prints one
 * endless line cannot make the parent buffer it all. Line ends ({@code \n}, {@code \r\n}) are removed; a last
 * line without a line end is delivered too; bytes that are not UTF-8 become U+FFFD.
 *
 * <p>Internal plumbing of {@link ChildProcess}; public for tests and other launchers.
 */
public final class LineReader {

    /** Receives lines. */
    @FunctionalInterface
    public interface Sink {
        /**
         * One line.
         *
         * @param text the line without its line end
         * @param cut  true when the line was longer than the bound and was cut
         */
        void line(String text, boolean cut);
    }

    private LineReader() {
    }

    /**
     * Reads {@code in} to its end, delivering each line to {@code sink} in this thread.
     *
     * @return the number of lines delivered
     * @throws IOException from reading
     */
    public static long pump(InputStream in, int maxBytes, Sink sink) throws IOException {
        Checks.notNull(in, "in");
        Checks.range(maxBytes, 16, 1 << 24, "maxBytes", "bytes");
        Checks.notNull(sink, "sink");
        byte[] buffer = new byte[8192];
        byte[] line = new byte[maxBytes];
        int length = 0;
        boolean skipping = false; // inside the over-long rest of a cut line
        long lines = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    if (!skipping) {
                        sink.line(text(line, length), false);
                        lines++;
                    }
                    length = 0;
                    skipping = false;
                } else if (!skipping) {
                    if (length == maxBytes) {
                        sink.line(text(line, length), true);
                        lines++;
                        length = 0;
                        skipping = true;
                    } else {
                        line[length++] = b;
                    }
                }
            }
        }
        if (length > 0 && !skipping) {
            sink.line(text(line, length), false);
            lines++;
        }
        return lines;
    }

    private static String text(byte[] line, int length) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }
}
