package ptlab.kernel.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FrameParserTest {

    /** Records the parser's output as a list of "text:..." and "frame:verb:text/plain" events. */
    private static final class Recorder implements FrameParser.Listener {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        @Override
        public void text(byte[] bytes, int offset, int length) {
            text.write(bytes, offset, length);
        }

        @Override
        public void frame(DisplayFrame frame) {
            flushText();
            Object plain = frame.data() == null ? "-" : frame.data().getData(
                    org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
            events.add("frame:" + frame.verb() + ":" + plain + (frame.data() != null && frame.data().hasDisplayId()
                    ? ":" + frame.data().getDisplayId() : ""));
        }

        @Override
        public void tooBig(long jsonBytes) {
            flushText();
            events.add("too big:" + jsonBytes);
        }

        void flushText() {
            if (text.size() > 0) {
                events.add("text:" + text.toString(StandardCharsets.UTF_8));
                text.reset();
            }
        }

        List<String> done() {
            flushText();
            return events;
        }
    }

    static String frame(String verb, String json) {
        return "\u001B]ptlab;" + verb + ";" + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)) + "\u0007\n";
    }

    private static List<String> parse(byte[] input, int[] chunkSizes) {
        Recorder r = new Recorder();
        FrameParser p = new FrameParser(r);
        int i = 0;
        int k = 0;
        while (i < input.length) {
            int n = Math.min(chunkSizes[k++ % chunkSizes.length], input.length - i);
            p.feed(input, i, n);
            i += n;
        }
        p.flushPartial();
        return r.done();
    }

    private static List<String> parseWhole(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return parse(b, new int[] {b.length});
    }

    @Test
    void aFrameOverTheDisplayCapIsSkippedAndOnlyItsSizeReported() {
        int json = Caps.DISPLAY_BYTES + 3 * 1000;
        String big = frame("display", "{\"data\":{\"text/plain\":\"" + "x".repeat(json - 30) + "\"}}");
        List<String> events = parse(("a\n" + big + "b\n").getBytes(StandardCharsets.UTF_8), new int[] {127, 4096});
        assertEquals(3, events.size(), events.toString());
        assertEquals("text:a\n", events.get(0));
        long reported = Long.parseLong(events.get(1).substring("too big:".length()));
        assertTrue(Math.abs(reported - (json - 30 + 27)) < 4, events.get(1));
        assertEquals("text:b\n", events.get(2));
    }

    @Test
    void aFrameOverTheCapThatNeverEndsIsReportedWhenTheCellEnds() {
        String big = frame("display", "{\"data\":{\"text/plain\":\"" + "x".repeat(Caps.DISPLAY_BYTES) + "\"}}");
        List<String> events = parseWhole(big.substring(0, big.length() - 2));
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("too big:"), events.get(0));
    }

    @Test
    void aFrameBetweenTextBecomesADisplayAndItsLineEndIsDropped() {
        String s = "before\n" + frame("display", "{\"data\":{\"text/plain\":\"hi\",\"text/html\":\"<b>hi</b>\"},\"metadata\":{},\"display_id\":\"d1\"}") + "after\n";
        assertEquals(List.of("text:before\n", "frame:display:hi:d1", "text:after\n"), parseWhole(s));
    }

    @Test
    void updateAndClearAreRecognised() {
        String s = frame("update", "{\"data\":{\"text/plain\":\"u\"},\"metadata\":{},\"display_id\":\"x\"}")
                + frame("clear", "{\"wait\":true}");
        assertEquals(List.of("frame:update:u:x", "frame:clear:-"), parseWhole(s));
    }

    @Test
    void splitReadsGiveTheSameResultAtEveryChunkSize() {
        String s = "a\u001B[31mred\u001B[0m\n" + frame("display", "{\"data\":{\"text/plain\":\"é 日本\"},\"metadata\":{}}")
                + "é mid\n" + frame("display", "{\"data\":{\"text/plain\":\"two\"}}") + "end";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        List<String> expected = List.of("text:a\u001B[31mred\u001B[0m\n", "frame:display:é 日本", "text:é mid\n",
                "frame:display:two", "text:end");
        for (int size = 1; size <= b.length; size++) {
            assertEquals(expected, parse(b, new int[] {size}), "chunk size " + size);
        }
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int[] sizes = random.ints(20, 1, 12).toArray();
            assertEquals(expected, parse(b, sizes));
        }
    }

    @Test
    void malformedFramesPassThroughAsTextByteForByte() {
        List<String> bad = List.of(
                "\u001B]ptlab;display;!!notbase64\u0007\n",                                     // not Base64
                "\u001B]ptlab;display;" + b64("{not json") + "\u0007\n",                       // not JSON
                "\u001B]ptlab;display;" + b64("[1,2]") + "\u0007\n",                            // not an object
                "\u001B]ptlab;shout;" + b64("{\"data\":{\"text/plain\":\"x\"}}") + "\u0007\n",  // unknown verb
                "\u001B]ptlab;display;" + b64("{\"data\":{\"text/html\":\"x\"}}") + "\u0007\n", // no text/plain
                "\u001B]ptlab;update;" + b64("{\"data\":{\"text/plain\":\"x\"}}") + "\u0007\n", // update without id
                "\u001B]ptlab;Display;" + b64("{}") + "\u0007\n",                               // verb not lower case
                "\u001B]ptla;display;abc\u0007\n",                                              // wrong prefix
                "\u001B]ptlab;display;abc\ndef\n");                                             // no BEL
        for (String s : bad) {
            assertEquals(List.of("text:" + s), parseWhole(s), s);
        }
    }

    @Test
    void anUnfinishedFrameBecomesTextWhenTheCellEnds() {
        Recorder r = new Recorder();
        FrameParser p = new FrameParser(r);
        byte[] b = "x\u001B]ptlab;display;YWJj".getBytes(StandardCharsets.US_ASCII);
        p.feed(b, 0, b.length);
        assertTrue(p.inFrame());
        assertEquals(List.of("text:x"), new ArrayList<>(r.done()));
        p.flushPartial();
        assertEquals(List.of("text:x", "text:\u001B]ptlab;display;YWJj"), r.done());
    }

    @Test
    void onlyTheFramesOwnLineEndIsDropped() {
        String s = frame("display", "{\"data\":{\"text/plain\":\"a\"}}") + "\nnext";
        assertEquals(List.of("frame:display:a", "text:\nnext"), parseWhole(s));
    }

    @Test
    void anEscapeThatStartsAnotherCandidateIsNotLost() {
        String s = "\u001B\u001B]ptlab;clear;" + b64("{}") + "\u0007";
        assertEquals(List.of("text:\u001B", "frame:clear:-"), parseWhole(s));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
