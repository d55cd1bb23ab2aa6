package ptlab.kernel.magic;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IJava's functions {@code lineMagic(name, args)} and {@code cellMagic(name, args, body)} in code:
 * where their arguments are string literals ({@code lineMagic("jars", List.of("lib/*.jar"))}), the
 * call becomes a magic of a {@link MagicSyntax.Code} step that runs before its line's code and
 * gives its value to it (not in comments and strings). Magics run in the kernel, not in the cell JVM, so arguments computed at
 * run time cannot reach them; such a call stays as it is and does not compile.
 */
final class MagicCalls {

    private static final Pattern CALL = Pattern.compile("\\b(lineMagic|cellMagic)\\s*\\(");
    private static final Pattern LIST = Pattern.compile("(?:java\\.util\\.)?(?:List\\.of|Arrays\\.asList)\\s*\\(");

    private MagicCalls() {
    }

    /** One call: the magic, and where the call is in the code. */
    private record Found(MagicSyntax.Call call, int start, int end) {
    }

    /**
     * Cuts code into steps: each line that calls magics becomes a step of its own with the calls
     * in it; the code between stays as it is.
     *
     * @param code   the code
     * @param offset where it starts in the cell
     */
    static List<MagicSyntax.Code> split(String code, int offset) {
        List<MagicSyntax.Code> steps = new ArrayList<>();
        int pos = 0;
        Matcher m = CALL.matcher(code);
        BitSet quoted = MagicSyntax.quoted(code);
        int from = 0;
        while (m.find(from)) {
            Found first = quoted.get(m.start()) ? null : parse(code, m, offset);
            if (first == null) {
                from = m.end();
                continue;
            }
            int lineStart = code.lastIndexOf('\n', m.start() - 1) + 1;
            if (lineStart > pos && !code.substring(pos, lineStart).isBlank()) {
                steps.add(new MagicSyntax.Code(code.substring(pos, lineStart), offset + pos));
            }
            // this call and every further one that starts on the lines it spans
            List<MagicSyntax.Call> calls = new ArrayList<>();
            StringBuilder text = new StringBuilder(code.substring(Math.max(pos, lineStart), first.start()));
            Found f = first;
            while (true) {
                text.append(MagicSyntax.placeholder(calls.size()));
                calls.add(f.call());
                int lineEnd = code.indexOf('\n', f.end());
                lineEnd = lineEnd < 0 ? code.length() : lineEnd;
                Found next = m.find(f.end()) && m.start() < lineEnd && !quoted.get(m.start()) ? parse(code, m, offset) : null;
                if (next == null) {
                    text.append(code, f.end(), lineEnd);
                    pos = lineEnd;
                    break;
                }
                text.append(code, f.end(), next.start());
                f = next;
            }
            steps.add(new MagicSyntax.Code(text.toString(), offset + Math.max(0, lineStart), List.copyOf(calls)));
            from = pos;
        }
        if (!code.substring(pos).isBlank() || steps.isEmpty()) {
            steps.add(new MagicSyntax.Code(code.substring(pos), offset + pos));
        }
        return steps;
    }

    /** The call {@code m} found, or null if its arguments are not all literals. */
    private static Found parse(String code, Matcher m, int offset) {
        Cursor c = new Cursor(code, m.end());
        String name = c.literal();
        if (name == null) {
            return null;
        }
        List<String> args = List.of();
        if (c.take(",")) {
            args = c.literals();
            if (args == null) {
                return null;
            }
        }
        MagicSyntax.Call call;
        if (m.group(1).equals("cellMagic")) {
            String body = c.take(",") ? c.literal() : null;
            if (body == null) {
                return null;
            }
            call = new MagicSyntax.CellMagic(name, args, body, offset + m.start());
        } else {
            call = new MagicSyntax.Line(name, args, String.join(" ", args), offset + m.start());
        }
        return c.take(")") ? new Found(call, m.start(), c.at) : null;
    }

    /** Reads literals from a position on. */
    private static final class Cursor {
        private final String s;
        int at;

        Cursor(String s, int at) {
            this.s = s;
            this.at = at;
        }

        boolean take(String token) {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
            if (s.startsWith(token, at)) {
                at += token.length();
                return true;
            }
            return false;
        }

        /** {@code List.of("a", ...)}, or {@code "a", "b"} up to (not including) a {@code )}. */
        List<String> literals() {
            take("");
            Matcher list = LIST.matcher(s).region(at, s.length());
            boolean wrapped = list.lookingAt();
            if (wrapped) {
                at = list.end();
            }
            List<String> found = new ArrayList<>();
            int before = at;
            if (!(wrapped && take(")"))) {
                at = before;
                do {
                    String l = literal();
                    if (l == null) {
                        return null;
                    }
                    found.add(l);
                } while (take(","));
                if (wrapped && !take(")")) {
                    return null;
                }
            }
            return found;
        }

        /** A string literal or text block, its value; null if none is here. */
        String literal() {
            take("");
            if (s.startsWith("\"\"\"", at)) {
                int open = s.indexOf('\n', at);
                int close = s.indexOf("\"\"\"", at + 3);
                if (open < 0 || close < 0 || close < open) {
                    return null;
                }
                at = close + 3;
                return s.substring(open + 1, close).stripIndent().translateEscapes();
            }
            if (!s.startsWith("\"", at)) {
                return null;
            }
            for (int i = at + 1; i < s.length() && s.charAt(i) != '\n'; i++) {
                if (s.charAt(i) == '\\') {
                    i++;
                } else if (s.charAt(i) == '"') {
                    String value = s.substring(at + 1, i).translateEscapes();
                    at = i + 1;
                    return value;
                }
            }
            return null;
        }
    }
}
