package ptlab.child;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import ptlab.internal.Checks;
import ptlab.task.Task;

/**
 * A task on a child's command line: one argument {@code kind:size:name}, e.g. {@code io:1000000:A}, with the name
 * percent-encoded (UTF-8; every byte outside {@code A-Z a-z 0-9 . _ -} as {@code %XX}), so that it never holds a
 * space, quote or {@code $} that a launcher might touch. The child reports back on the line {@link Protocol}.
 */
public final class TaskArgument {

    private TaskArgument() {
    }

    /** A task as one command-line argument: {@code kind:size:percent-encoded-name}. */
    public static String format(Task task) {
        Checks.notNull(task, "task");
        StringBuilder b = new StringBuilder().append(task.kind().label()).append(':').append(task.size()).append(':');
        for (byte x : task.name().getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /**
     * Reverses {@link #format(Task)}.
     *
     * @throws IllegalArgumentException when the argument is not a task argument or the task is invalid
     */
    public static Task parse(String argument) {
        Checks.notNull(argument, "argument");
        String[] parts = argument.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("argument = \"" + argument + "\" is not a task; allowed: kind:size:name");
        }
        long size;
        try {
            size = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument = \"" + argument + "\" has a size that is not a number; allowed: kind:size:name, size a whole number");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String n = parts[2];
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '%') {
                if (i + 2 >= n.length()) {
                    throw new IllegalArgumentException("argument = \"" + argument + "\" has a cut-short %XX; allowed: kind:size:name, name percent-encoded");
                }
                int hi = Character.digit(n.charAt(i + 1), 16);
                int lo = Character.digit(n.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("argument = \"" + argument + "\" has a bad %XX; allowed: kind:size:name, name percent-encoded");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("argument = \"" + argument + "\" has a non-ASCII character; allowed: kind:size:name in ASCII, name percent-encoded");
            }
        }
        return Task.of(Task.Kind.ofLabel(parts[0]), bytes.toString(StandardCharsets.UTF_8), size);
    }
}
