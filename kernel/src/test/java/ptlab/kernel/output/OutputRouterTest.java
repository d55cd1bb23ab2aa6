package ptlab.kernel.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ptlab.kernel.protocol.Iopub;

class OutputRouterTest {

    /** Records what would be published, as short strings. */
    private static final class Recorder implements Iopub {
        final List<String> published = new ArrayList<>();
        final List<MessageContext> parents = new ArrayList<>();

        @Override
        public synchronized <T extends ContentType<T>> void publish(MessageContext parent, T content) {
            parents.add(parent);
            if (content instanceof PublishStream s) {
                published.add(s.getStreamType().name().toLowerCase() + ":" + s.getText());
            } else if (content instanceof PublishDisplayData d) {
                published.add("display:" + d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
            } else if (content instanceof PublishClearOutput c) {
                published.add("clear:" + c.shouldWait());
            } else {
                published.add(content.getType().getName());
            }
        }

        synchronized List<String> take() {
            List<String> copy = new ArrayList<>(published);
            published.clear();
            return copy;
        }
    }

    private Recorder iopub;
    private OutputRouter router;

    @BeforeEach
    void setUp() {
        iopub = new Recorder();
        router = new OutputRouter();
        router.connect(iopub);
    }

    private static Message<ExecuteRequest> request() {
        return new Message<>(new Header<>("test", MessageType.EXECUTE_REQUEST),
                new ExecuteRequest("", false, true, java.util.Map.of(), false, true));
    }

    private static void write(OutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }

    @Test
    void manySmallWritesAreCoalescedWithoutLosingAnything() throws IOException {
        router.beginCell(request(), false);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            write(router.stdout(), i + "\n");
            expected.append(i).append('\n');
        }
        router.endCell(1);
        List<String> out = iopub.take();
        assertTrue(out.size() < 20, "2000 prints became " + out.size() + " messages");
        assertTrue(out.stream().allMatch(m -> m.startsWith("out:")));
        assertEquals(expected.toString(), String.join("", out.stream().map(m -> m.substring(4)).toList()));
    }

    @Test
    void theOrderOfStdoutStderrAndDisplaysIsKept() throws IOException {
        router.beginCell(request(), false);
        write(router.stdout(), "one\n");
        write(router.stderr(), "two\n");
        write(router.stdout(), FrameParserTest.frame("display", "{\"data\":{\"text/plain\":\"three\"}}"));
        write(router.stdout(), "four\n");
        write(router.stdout(), FrameParserTest.frame("clear", "{\"wait\":false}"));
        router.endCell(1);
        assertEquals(List.of("out:one\n", "err:two\n", "display:three", "out:four\n", "clear:false"), iopub.take());
    }

    @Test
    void outputWhileNoCellRunsIsKeptAndSentFirstInTheNextCellUnderALateLine() throws IOException {
        router.beginCell(request(), false);
        write(router.stdout(), "in cell 4\n");
        router.endCell(4);
        iopub.take();

        write(router.stdout(), "late one\n");
        write(router.stderr(), "late two\n");
        write(router.stdout(), FrameParserTest.frame("display", "{\"data\":{\"text/plain\":\"late display\"}}"));
        write(router.stdout(), FrameParserTest.frame("clear", "{}")); // a late clear is dropped
        assertEquals(List.of(), iopub.take(), "nothing is published while no cell runs");

        Message<ExecuteRequest> next = request();
        router.beginCell(next, false);
        write(router.stdout(), "cell 5's own\n");
        router.endCell(5);
        assertEquals(List.of(
                "out:" + LateOutput.heading(4) + "late one\n",
                "err:late two\n",
                "display:late display",
                "out:cell 5's own\n"), iopub.take());
        assertTrue(iopub.parents.stream().skip(1).allMatch(p -> p == next), "late output goes to the next cell");
        assertTrue(LateOutput.heading(4).contains("cell [4]"));
    }

    @Test
    void aSilentCellPublishesNothingAndKeepsLateOutputForTheNextVisibleCell() throws IOException {
        write(router.stdout(), "late\n");
        router.beginCell(request(), true);
        write(router.stdout(), "silent\n");
        router.endCell(0);
        assertEquals(List.of(), iopub.take());
        router.beginCell(request(), false);
        router.endCell(1);
        assertEquals(List.of("out:" + LateOutput.heading(0) + "late\n"), iopub.take());
    }

    @Test
    void utf8CharactersSplitAcrossWritesAreDecoded() throws IOException {
        router.beginCell(request(), false);
        byte[] b = "é 日本 😀\n".getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            router.stdout().write(new byte[] {x}, 0, 1);
        }
        router.endCell(1);
        assertEquals(List.of("out:é 日本 😀\n"), iopub.take());
    }

    @Test
    void pendingTextIsSentAfterAShortDelayWithoutWaitingForTheCellToEnd() throws Exception {
        router.beginCell(request(), false);
        write(router.stdout(), "soon\n");
        // a hang guard, not a speed claim: the cell never ends while this waits, so any send is the delayed one
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (iopub.published.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("out:soon\n"), iopub.take());
        router.endCell(1);
    }

    @Test
    void aCellShowsAtMostTheCapOverAllItsStreamsThenOneNoteSayingHowMuchWasNotShown() throws IOException {
        router.beginCell(request(), false);
        String line = "x".repeat(1023) + "\n";
        for (int i = 0; i < 6 * 1024; i++) {
            write(i % 2 == 0 ? router.stdout() : router.stderr(), line); // 3 MB each way: 6 MB
        }
        router.print(StreamType.OUT, "from the kernel\n");
        router.endCell(1);
        String all = iopub.take().stream().map(e -> e.substring(4)).collect(java.util.stream.Collectors.joining());
        String note = "[output truncated at 5.0 MB per cell: 1.0 MB more not shown]\n";
        assertTrue(all.endsWith(note), all.substring(all.length() - 100));
        assertEquals(Caps.OUTPUT_CHARS, all.length() - note.length());
        router.beginCell(request(), false);
        write(router.stdout(), "next\n");
        router.endCell(2);
        assertEquals(List.of("out:next\n"), iopub.take(), "the next cell has the whole cap again");
    }

    @Test
    void afterAnInterruptACellShowsALittleMoreThenOutputIsOnlyCounted() throws IOException {
        router.beginCell(request(), false);
        write(router.stdout(), "before\n");
        router.interrupted();
        String line = "y".repeat(1023) + "\n";
        for (int i = 0; i < 1024; i++) {
            write(router.stdout(), line);
        }
        router.endCell(1);
        List<String> got = iopub.take();
        String all = String.join("", got);
        assertTrue(all.startsWith("out:before\n"), all.substring(0, 20));
        assertTrue(all.contains("[output after the interrupt not shown: 0.9 MB]"), all.substring(all.length() - 100));
    }

    @Test
    void lateOutputPastTheCapIsCountedAndNoted() throws IOException {
        String line = "z".repeat(1023) + "\n";
        for (int i = 0; i < 6 * 1024; i++) {
            write(router.stdout(), line);
        }
        router.beginCell(request(), false);
        router.endCell(1);
        String all = String.join("", iopub.take());
        assertTrue(all.contains("[late output truncated: 1.0 MB more not shown]"), all.substring(all.length() - 100));
    }

    @Test
    void theLateLineNamesTheCellAfterWhichTheOutputCame() {
        assertTrue(LateOutput.heading(7).contains("after cell [7]"));
        assertTrue(LateOutput.heading(0).contains("no cell"));
    }

}
