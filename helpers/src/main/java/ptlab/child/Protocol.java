package ptlab.child;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ptlab.internal.Checks;
import ptlab.internal.Escape;
import ptlab.task.Event;
import ptlab.task.Schedule;
import ptlab.task.Task;

/**
 * The line protocol a child process speaks on its stdout to report its tasks to the parent. Version 1.
 *
 * <h2>Lines</h2>
 * One message per line (UTF-8, ending in {@code \n}), fields separated by a tab:
 * <pre>
 * &#64;ptlab/1 TAB verb TAB key=value TAB key=value ...
 * </pre>
 * Values are escaped: backslash as {@code \\}, tab {@code \t}, line feed {@code \n}, carriage return {@code \r},
 * every other control character (and U+2028, U+2029) as {@code \}{@code uXXXX}; everything else, non-ASCII
 * included, is itself. Keys are lower-case ASCII. Unknown keys are ignored, so later versions can add fields.
 * Verbs:
 * <ul>
 * <li>{@code hello pid= ppid= time=}: the child is up (time in epoch µs); lets the parent know its PID early;</li>
 * <li>{@code start task= pid= thread= time=}: a task started;</li>
 * <li>{@code sched task= start= end= vol= invol= wait=}: how the scheduler treated the task's thread (see
 * {@link ptlab.task.Schedule}); {@code wait} lists its stretches off the CPU as {@code offset+length} in µs from
 * {@code start}, comma-separated; a long list comes on several such lines, in order, before the task's event;</li>
 * <li>{@code event task= kind= size= pid= ppid= thread= submitted= start= end= cpu= status= result=}: a task
 * ended; {@code kind} is {@code io} or {@code cpu}, {@code status} {@code ok}, {@code failed},
 * {@code timed_out} or {@code interrupted}, times are epoch µs, {@code cpu} µs or -1.</li>
 * </ul>
 * Any line that starts with {@value #FAMILY} is meant as a protocol line: if it does not parse (another version,
 * a missing or bad field, a bad escape) it is reported as malformed, never thrown. Other lines are the child's
 * ordinary output. A child written in another language (a Python script, say) reports its tasks by printing the
 * same lines.
 * A task on a child's command line has a form of its own, {@link TaskArgument}.
 */
public final class Protocol {

    /** The start of every protocol line, whatever the version. */
    public static final String FAMILY = "@ptlab/";

    /** The start of a version 1 line. */
    public static final String PREFIX = "@ptlab/1";

    /** A parsed protocol line. */
    public sealed interface Message permits Hello, Started, Scheduled, Finished, Malformed {
    }

    /**
     * The child is up.
     *
     * @param pid        its process ID
     * @param parentPid  its parent's process ID, or -1
     * @param timeMicros when it said so (epoch µs)
     * @param fields     all the line's fields, unescaped, including what a child adds (such as {@code cpus})
     */
    public record Hello(long pid, long parentPid, long timeMicros, Map<String, String> fields) implements Message {

        /** Copies the fields. */
        public Hello {
            fields = Map.copyOf(fields);
        }
    }

    /**
     * A task started.
     *
     * @param task        the task's name
     * @param pid         the process it runs in
     * @param thread      the thread it runs on
     * @param startMicros when it started (epoch µs)
     */
    public record Started(String task, long pid, String thread, long startMicros) implements Message {
    }

    /**
     * How the scheduler treated a task's thread (one line of it: a long list of waits comes on several lines).
     *
     * @param schedule the schedule, with the waits of this line
     */
    public record Scheduled(Schedule schedule) implements Message {
    }

    /**
     * A task ended.
     *
     * @param event its event
     */
    public record Finished(Event event) implements Message {
    }

    /**
     * A line that starts like a protocol line but does not parse.
     *
     * @param reason what is wrong, e.g. {@code field 'pid' is not a number}
     * @param line   the line as read
     */
    public record Malformed(String reason, String line) implements Message {
    }

    private Protocol() {
    }

    /** True when the line is meant as a protocol line (starts with {@value #FAMILY}). */
    public static boolean isProtocolLine(String line) {
        return line != null && line.startsWith(FAMILY);
    }

    /** The {@code hello} line. */
    public static String hello(long pid, long parentPid, long timeMicros) {
        return line("hello", "pid", pid, "ppid", parentPid, "time", timeMicros);
    }

    /** The {@code start} line. */
    public static String started(String task, long pid, String thread, long startMicros) {
        Checks.notNull(task, "task");
        Checks.notNull(thread, "thread");
        if (pid == 0 || pid < -1) {
            throw new IllegalArgumentException("pid = " + pid + " is out of range; allowed: a process ID (1 or more) or -1");
        }
        return line("start", "task", task, "pid", pid, "thread", thread, "time", startMicros);
    }

    /** The {@code event} line. */
    public static String event(Event e) {
        Checks.notNull(e, "e");
        return line("event", "task", e.name(), "kind", e.task().kind().label(), "size", e.task().size(), "pid", e.pid(),
                "ppid", e.parentPid(), "thread", e.thread(), "submitted", e.submittedMicros(), "start", e.startMicros(),
                "end", e.endMicros(), "cpu", e.cpuMicros(), "status", e.status().name().toLowerCase(Locale.ROOT),
                "result", e.result());
    }

    /** Most stretches off the CPU per {@code sched} line: each takes up to 24 bytes, so a line stays far below the limit. */
    static final int SPANS_PER_LINE = 256;

    /** The {@code sched} lines of a schedule: one, or more when it has more than {@value #SPANS_PER_LINE} waits. */
    public static List<String> schedule(Schedule s) {
        Checks.notNull(s, "s");
        List<String> lines = new ArrayList<>();
        List<Schedule.Span> waits = s.waiting();
        int at = 0;
        do {
            StringBuilder w = new StringBuilder();
            for (int i = at; i < Math.min(waits.size(), at + SPANS_PER_LINE); i++) {
                Schedule.Span span = waits.get(i);
                w.append(w.isEmpty() ? "" : ",").append(span.startMicros() - s.startMicros()).append('+').append(span.micros());
            }
            lines.add(line("sched", "task", s.task(), "start", s.startMicros(), "end", s.endMicros(), "vol", s.voluntary(),
                    "invol", s.involuntary(), "wait", w.toString()));
            at += SPANS_PER_LINE;
        } while (at < waits.size());
        return lines;
    }

    /**
     * Parses a protocol line (with or without its line end). Never throws: a line that does not parse comes back
     * as {@link Malformed}.
     */
    public static Message parse(String line) {
        if (line == null) {
            return new Malformed("no line", "");
        }
        String l = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        l = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
        try {
            String[] fields = l.split("\t", -1);
            if (!fields[0].equals(PREFIX)) {
                return new Malformed(fields[0].startsWith(FAMILY) ? "unsupported protocol version '" + fields[0] + "'"
                        : "not a protocol line", line);
            }
            if (fields.length < 2) {
                return new Malformed("no verb", line);
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 2; i < fields.length; i++) {
                int eq = fields[i].indexOf('=');
                if (eq <= 0) {
                    throw new BadLine("field " + (i + 1) + " is not key=value");
                }
                String key = fields[i].substring(0, eq);
                if (!key.matches("[a-z_]{1,32}")) {
                    throw new BadLine("bad key '" + key + "'");
                }
                if (values.put(key, unescape(fields[i].substring(eq + 1))) != null) {
                    throw new BadLine("field '" + key + "' appears twice");
                }
            }
            return switch (fields[1]) {
                case "hello" -> new Hello(pid(values, "pid"), number(values, "ppid", -1), number(values, "time", 0), values);
                case "start" -> new Started(text(values, "task"), pid(values, "pid"), text(values, "thread"),
                        number(values, "time", 0));
                case "event" -> new Finished(event(values));
                case "sched" -> new Scheduled(schedule(values));
                default -> throw new BadLine("unknown verb '" + fields[1] + "'");
            };
        } catch (BadLine e) {
            return new Malformed(e.getMessage(), line);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new Malformed(e.getMessage() == null ? e.toString() : e.getMessage(), line);
        }
    }

    private static Event event(Map<String, String> v) {
        Task.Kind kind;
        try {
            kind = Task.Kind.ofLabel(text(v, "kind"));
        } catch (IllegalArgumentException e) {
            throw new BadLine("field 'kind' is not io or cpu");
        }
        Task task = Task.of(kind, text(v, "task"), number(v, "size", 1));
        Event.Status status;
        try {
            status = Event.Status.valueOf(text(v, "status").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadLine("field 'status' is not ok, failed, timed_out or interrupted");
        }
        return new Event(task, pid(v, "pid"), number(v, "ppid", -1), text(v, "thread"), number(v, "submitted", 0),
                number(v, "start", 0), number(v, "end", 0), number(v, "cpu", -1), status, text(v, "result"));
    }

    private static Schedule schedule(Map<String, String> v) {
        long start = number(v, "start", 0);
        List<Schedule.Span> waits = new ArrayList<>();
        String w = text(v, "wait");
        for (String pair : w.isEmpty() ? new String[0] : w.split(",", -1)) {
            int plus = pair.indexOf('+');
            try {
                long from = start + Long.parseLong(pair.substring(0, Math.max(0, plus)));
                waits.add(new Schedule.Span(from, from + Long.parseLong(pair.substring(plus + 1))));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new BadLine("field 'wait' is not a list of offset+length");
            }
        }
        return new Schedule(text(v, "task"), start, number(v, "end", 0), waits, number(v, "vol", -1), number(v, "invol", -1));
    }

    private static String text(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null) {
            throw new BadLine("field '" + key + "' is missing");
        }
        return s;
    }

    private static long number(Map<String, String> v, String key, long min) {
        String s = text(v, key);
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new BadLine("field '" + key + "' is not a number");
        }
        if (n < min) {
            throw new BadLine("field '" + key + "' = " + n + " is below " + min);
        }
        return n;
    }

    private static long pid(Map<String, String> v, String key) {
        long pid = number(v, key, -1);
        if (pid == 0) {
            throw new BadLine("field '" + key + "' = 0 is not a process ID");
        }
        return pid;
    }

    private static String line(String verb, Object... keyValues) {
        StringBuilder b = new StringBuilder(192).append(PREFIX).append('\t').append(verb);
        for (int i = 0; i < keyValues.length; i += 2) {
            b.append('\t').append(keyValues[i]).append('=');
            Object v = keyValues[i + 1];
            if (v instanceof Number) {
                b.append(v); // nothing to escape
            } else {
                escape(String.valueOf(v), b);
            }
        }
        return b.toString();
    }

    private static final String ESCAPES = "\\\\, \\t, \\n, \\r and \\uXXXX";

    /** Escapes a value for a protocol line (see the class description). */
    public static String escape(String value) {
        Checks.notNull(value, "value");
        return escape(value, new StringBuilder(value.length() + 8)).toString();
    }

    /** Appends {@code value} escaped to {@code b} ({@link Escape#line(StringBuilder, String)}); returns {@code b}. */
    private static StringBuilder escape(String value, StringBuilder b) {
        Escape.line(b, value);
        return b;
    }

    /**
     * Reverses {@link #escape(String)}.
     *
     * @throws IllegalArgumentException on a bad escape
     */
    public static String unescape(String value) {
        Checks.notNull(value, "value");
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i >= value.length()) {
                throw new BadLine("value ends in a lone backslash; allowed: " + ESCAPES);
            }
            char e = value.charAt(i);
            switch (e) {
                case '\\' -> b.append('\\');
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 'u' -> {
                    if (i + 4 >= value.length()) {
                        throw new BadLine("value has a \\u escape cut short; allowed: " + ESCAPES);
                    }
                    String hex = value.substring(i + 1, i + 5);
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw new BadLine("value has a bad \\u escape '\\u" + hex + "'; allowed: " + ESCAPES);
                    }
                    b.append((char) Integer.parseInt(hex, 16));
                    i += 4;
                }
                default -> throw new BadLine("value has an unknown escape '\\" + e + "'; allowed: " + ESCAPES);
            }
        }
        return b.toString();
    }

    /** A line that does not parse; becomes {@link Malformed}. */
    private static final class BadLine extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadLine(String message) {
            super(message);
        }
    }
}
