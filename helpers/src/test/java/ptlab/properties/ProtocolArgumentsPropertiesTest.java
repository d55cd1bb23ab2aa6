package ptlab.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import ptlab.child.Protocol;
import ptlab.child.TaskArgument;
import ptlab.process.LineReader;
import ptlab.task.Event;
import ptlab.task.Task;

/**
 * Bad input for what reads children's output ({@code ptlab.process}: Protocol, LineReader): 1,000 generated
 * lines, values and byte streams per property. A protocol line that does not parse is a value ({@code Malformed}),
 * never an exception; escaping and task arguments round-trip; bad escapes and task arguments are the clear
 * exception.
 */
class ProtocolArgumentsPropertiesTest extends ArgumentProperties {

    @Provide Arbitrary<String> names() { return anyNames(); }
    @Provide Arbitrary<Integer> ints() { return anyInts(); }
    @Provide Arbitrary<Long> longs() { return anyLongs(); }

    /** Lines: random, protocol-like (the prefix, a verb, tab-separated fields with odd values), or real ones cut short. */
    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> field = Arbitraries.oneOf(anyNames().map(String::valueOf),
                Arbitraries.of("pid=1", "pid=x", "task=A", "time=-1", "=", "a==b", "status=ok", "status=bogus", "kind=io"));
        Arbitrary<String> protocolLike = Arbitraries.of(Protocol.PREFIX, "@ptlab/9", "@ptlab", "").flatMap(p ->
                Arbitraries.of("hello", "start", "event", "bogus", "").flatMap(v -> field.list().ofMaxSize(14)
                        .map(fs -> p + "\t" + v + (fs.isEmpty() ? "" : "\t" + String.join("\t", fs)))));
        Event e = new Event(Task.io("A b", 0.001), 12, 1, "worker-A", 5, 6, 7, 1, Event.Status.OK, "slept\t1 ms");
        String real = Protocol.event(e);
        Arbitrary<String> cut = Arbitraries.integers().between(0, real.length()).map(n -> real.substring(0, n));
        return Arbitraries.oneOf(anyNames(), protocolLike, cut);
    }

    @Property(tries = 1000)
    void parseNeverThrows(@ForAll("lines") String line) {
        validOrClear(() -> assertNotNull(Protocol.parse(line)), "no exception expected");
    }

    @Property(tries = 1000)
    void escapeRoundTripsAndUnescapeRejectsClearly(@ForAll("names") String value, @ForAll("escaped") String escaped) {
        validOrClear(() -> {
            if (value != null) {
                assertEquals(value, Protocol.unescape(Protocol.escape(value)));
            }
            Protocol.unescape(escaped);
        }, "value");
    }

    @Provide
    Arbitrary<String> escaped() {
        return Arbitraries.oneOf(anyNames(), Arbitraries.of("\\", "\\x", "\\u", "\\u12", "\\u12zz", "a\\", "\\\\", "\\t\\n\\r", "\\u0041"));
    }

    @Property(tries = 1000)
    void taskArgumentRoundTripsAndParseRejectsClearly(@ForAll("names") String name, @ForAll("longs") long size,
                                                      @ForAll("arguments") String argument) {
        validOrClear(() -> {
            Task t = Task.of(Task.Kind.CPU, name, size);
            assertEquals(t, TaskArgument.parse(TaskArgument.format(t)));
        }, "name", "size", "n");
        validOrClear(() -> TaskArgument.parse(argument), "argument", "name", "size", "n", "seconds", "duration", "kind", "label");
    }

    @Provide
    Arbitrary<String> arguments() {
        return Arbitraries.oneOf(anyNames(), Arbitraries.of("io:1000:A", "cpu:5:B", "io::A", "io:x:A", "nope:1:A", "io:1:",
                "io:1:%", "io:1:%4", "io:1:%zz", "io:-1:A", "cpu:1:%0A", "::", "io:99999999999999999999:A"));
    }

    @Property(tries = 1000)
    void linesAreReadWithinTheirBound(@ForAll("bytes") byte[] bytes, @ForAll("ints") int maxBytes, @ForAll boolean nullSink) {
        List<String> got = new ArrayList<>();
        LineReader.Sink sink = nullSink ? null : (text, cut) -> got.add(text);
        InputStream in = new ByteArrayInputStream(bytes);
        validOrClear(() -> {
            LineReader.pump(in, maxBytes, sink);
            for (String l : got) {
                if (l.length() > maxBytes) {
                    throw new AssertionError("a line of " + l.length() + " chars over maxBytes = " + maxBytes);
                }
            }
        }, "in", "maxBytes", "sink");
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of((byte) '\n', (byte) '\r', (byte) 'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF).array(byte[].class).ofMaxSize(300));
    }

    /** Protocol lines built from odd values: they always parse back (escaping covers every character). */
    @Property(tries = 1000)
    void builtLinesParse(@ForAll("names") String task, @ForAll("longs") long pid, @ForAll("names") String thread) {
        validOrClear(() -> {
            String line = Protocol.started(task, pid, thread, Duration.ofSeconds(1).toNanos() / 1_000);
            assertEquals(task, assertInstanceOf(Protocol.Started.class, Protocol.parse(line), line).task());
        }, "task", "thread", "pid");
    }
}
