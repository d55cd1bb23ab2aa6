package ptlab.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class LineReaderTest {

    private static List<String> read(byte[] bytes, int max) throws IOException {
        List<String> lines = new ArrayList<>();
        long n = LineReader.pump(new ByteArrayInputStream(bytes), max, (text, cut) -> lines.add(cut ? "CUT:" + text : text));
        assertEquals(lines.size(), n);
        return lines;
    }

    private static List<String> read(String s, int max) throws IOException {
        return read(s.getBytes(StandardCharsets.UTF_8), max);
    }

    @Test
    void splitsLinesAndDropsLineEnds() throws IOException {
        assertEquals(List.of("a", "", "b", "c"), read("a\n\nb\r\nc", 64));
        assertEquals(List.of(), read("", 64));
        assertEquals(List.of("Zoë 任务 \uD83D\uDE00"), read("Zoë 任务 \uD83D\uDE00\n", 64));
    }

    @Test
    void cutsLongLinesAndSkipsTheirRest() throws IOException {
        String longLine = "x".repeat(100);
        assertEquals(List.of("CUT:" + "x".repeat(16), "next"), read(longLine + "\nnext\n", 16));
        assertEquals(List.of("CUT:" + "x".repeat(16)), read(longLine, 16));
        assertEquals(List.of("x".repeat(16)), read("x".repeat(16) + "\n", 16), "exactly the bound is not cut");
        byte[] huge = new byte[3 << 20];
        java.util.Arrays.fill(huge, (byte) 'y');
        huge[huge.length - 1] = '\n';
        assertEquals(1, read(huge, 8192).size());
    }

    @Test
    void badUtf8BecomesReplacementCharacters() throws IOException {
        assertEquals(List.of("a\uFFFDb"), read(new byte[] {'a', (byte) 0xff, 'b', '\n'}, 64));
    }
}
