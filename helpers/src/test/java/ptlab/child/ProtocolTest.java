package ptlab.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ptlab.task.Event;
import ptlab.task.Task;
import ptlab.testing.NoLeftovers;

@ExtendWith(NoLeftovers.class)
class ProtocolTest {

    private static final String ESCAPES = "\\\\, \\t, \\n, \\r and \\uXXXX";

    private static final String NASTY = "tab\there, new\nline, cr\r, back\\slash, \\t literal, nul\0, esc\u001B, del\u007F,"
            + " ls\u2028, Zoë 任务 \uD83D\uDE00, =equals=, @ptlab/1\tevent";

    private static final String SPECIAL = "\\tn\t\n\r\\u00";

    private static Event event(Task task, String thread, Event.Status status, String result) {
        return new Event(task, 4121, 4100, thread, 1_700_000_000_000_000L, 1_700_000_000_000_123L, 1_700_000_001_000_456L,
                987, status, result);
    }

    @Test
    void eventLinesRoundTrip() {
        List<Event> events = List.of(
                event(Task.io("A", 1), "worker-A", Event.Status.OK, "slept 1.000 s"),
                event(Task.io("name with spaces", 0.5), "worker-name with spaces", Event.Status.TIMED_OUT, ""),
                event(Task.cpu("Zoë 任务 \uD83D\uDE00", 1_000_000), NASTY, Event.Status.INTERRUPTED, NASTY),
                event(Task.cpu("x", 7), "?", Event.Status.FAILED, "failed: java.lang.IllegalStateException: boom"),
                new Event(Task.io("unknowns", 1), -1, -1, "?", 0, 0, 0, -1, Event.Status.FAILED, "no report"));
        for (Event e : events) {
            String line = Protocol.event(e);
            assertTrue(line.startsWith("@ptlab/1\tevent\ttask="), line);
            assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u2028"), "one line: " + line);
            Protocol.Finished f = assertInstanceOf(Protocol.Finished.class, Protocol.parse(line), line);
            assertEquals(e, f.event());
            assertEquals(e, ((Protocol.Finished) Protocol.parse(line + "\r\n")).event(), "line ends are tolerated");
        }
    }

    @Test
    void helloAndStartLinesRoundTrip() {
        Protocol.Hello hello = (Protocol.Hello) Protocol.parse(Protocol.hello(12, 1, 99) + "\tcpus=2\tallowed=0-1");
        assertEquals(List.of(12L, 1L, 99L), List.of(hello.pid(), hello.parentPid(), hello.timeMicros()));
        assertEquals("2", hello.fields().get("cpus"));
        assertEquals("0-1", hello.fields().get("allowed"));
        assertEquals(new Protocol.Started(NASTY, 12, NASTY, 5), Protocol.parse(Protocol.started(NASTY, 12, NASTY, 5)));
        assertEquals("@ptlab/1\tstart\ttask=B\tpid=4121\tthread=worker-B\ttime=17", Protocol.started("B", 4121, "worker-B", 17));
    }

    @Test
    void escapingRoundTripsAnyString() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                b.append(switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> SPECIAL.charAt(random.nextInt(SPECIAL.length()));
                    case 2 -> (char) random.nextInt(0x10000);
                    default -> "é任\uD83D\uDE00".charAt(random.nextInt(4));
                });
            }
            String s = b.toString();
            String escaped = Protocol.escape(s);
            assertFalse(escaped.contains("\t") || escaped.contains("\n") || escaped.contains("\r"), escaped);
            assertEquals(s, Protocol.unescape(escaped));
        }
    }

    @Test
    void malformedLinesAreReportedWithAReasonNeverThrown() {
        String ok = Protocol.event(event(Task.io("A", 1), "main", Event.Status.OK, "slept"));
        String[][] cases = {
                {"@ptlab/2\thello\tpid=1\tppid=1\ttime=1", "unsupported protocol version '@ptlab/2'"},
                {"@ptlab/1", "no verb"},
                {"@ptlab/1\tdance", "unknown verb 'dance'"},
                {"@ptlab/1\thello\tpid=1\ttime=1", "field 'ppid' is missing"},
                {"@ptlab/1\thello\tpid=x\tppid=1\ttime=1", "field 'pid' is not a number"},
                {"@ptlab/1\thello\tpid=0\tppid=1\ttime=1", "field 'pid' = 0 is not a process ID"},
                {"@ptlab/1\thello\tpid=1\tppid=1\ttime=-5", "field 'time' = -5 is below 0"},
                {"@ptlab/1\thello\tpid=1\tpid=2\tppid=1\ttime=1", "field 'pid' appears twice"},
                {"@ptlab/1\thello\tnoequals", "field 3 is not key=value"},
                {"@ptlab/1\thello\tBAD=1", "bad key 'BAD'"},
                {"@ptlab/1\tstart\ttask=A\\\tpid=1\tthread=m\ttime=1", "value ends in a lone backslash; allowed: " + ESCAPES},
                {"@ptlab/1\tstart\ttask=A\\q\tpid=1\tthread=m\ttime=1", "value has an unknown escape '\\q'; allowed: " + ESCAPES},
                {"@ptlab/1\tstart\ttask=A\\u12\tpid=1\tthread=m\ttime=1", "value has a \\u escape cut short; allowed: " + ESCAPES},
                {"@ptlab/1\tstart\ttask=A\\uzzzz\tpid=1\tthread=m\ttime=1", "value has a bad \\u escape '\\uzzzz'; allowed: " + ESCAPES},
                {"@ptlab/1\tstart\ttask=A\tpid=1\tthread=m\ttime=1\\", "value ends in a lone backslash; allowed: " + ESCAPES},
                {ok.replace("kind=io", "kind=gpu"), "field 'kind' is not io or cpu"},
                {ok.replace("status=ok", "status=fine"), "field 'status' is not ok, failed, timed_out or interrupted"},
                {ok.replace("size=1000000", "size=0"), "field 'size' = 0 is below 1"},
                {ok.replace("task=A", "task=   "), "name must not be blank; allowed: 1 to 64 characters, not all spaces"},
        };
        for (String[] c : cases) {
            Protocol.Malformed m = assertInstanceOf(Protocol.Malformed.class, Protocol.parse(c[0]), c[0]);
            assertEquals(c[1], m.reason(), c[0]);
            assertEquals(c[0], m.line());
        }
        // an event whose end is before its start: the Event's own check, reported
        String backwards = ok.replaceFirst("\tend=\\d+", "\tend=5");
        assertTrue(((Protocol.Malformed) Protocol.parse(backwards)).reason().startsWith("endMicros = 5 is out of range"));
        assertInstanceOf(Protocol.Malformed.class, Protocol.parse(null));
        // random damage never throws
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            char[] chars = ok.toCharArray();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                chars[random.nextInt(chars.length)] = (char) random.nextInt(0x7f);
            }
            assertInstanceOf(Protocol.Message.class, Protocol.parse(new String(chars)));
            assertInstanceOf(Protocol.Message.class, Protocol.parse(ok.substring(0, random.nextInt(ok.length()))));
        }
    }

    @Test
    void taskArgumentsAreSafeAndRoundTrip() {
        for (Task t : List.of(Task.io("A", 1), Task.cpu("x y $HOME ${a} 'q' \"d\" %41", 12), Task.io(" Zoë 任务 \uD83D\uDE00 ", 0.001))) {
            String arg = TaskArgument.format(t);
            assertTrue(arg.matches("[a-z]+:\\d+:[A-Za-z0-9._%-]*"), arg);
            assertEquals(t, TaskArgument.parse(arg));
        }
        assertEquals("io:1000000:A", TaskArgument.format(Task.io("A", 1)));
        assertEquals("cpu:12:x%20y", TaskArgument.format(Task.cpu("x y", 12)));
        for (String bad : List.of("io:1", "io:x:A", "gpu:1:A", "io:0:A", "io:1:%4", "io:1:%zz", "io:1:é", "cpu:1:")) {
            assertThrows(IllegalArgumentException.class, () -> TaskArgument.parse(bad), bad);
        }
    }
}
