package ptlab.kernel.magic;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.ParsedCellMagic;
import org.dflib.jjava.jupyter.kernel.magic.ParsedLineMagic;

/**
 * Finds IJava-style magics in a cell with jjava's {@link MagicParser}: a cell magic
 * ({@code %%name args} on the first line, the rest is its body) or line magics ({@code %name args}
 * at the start of a line). Magics run in the kernel, not in the cell JVM, so instead of
 * translating them into Java calls (what jjava's own transpiler does) this class cuts the cell
 * into an ordered plan of code parts and magics.
 *
 * <p>A {@code %} at the start of a line inside a comment, a string or a text block is not a magic:
 * before parsing, such {@code %} characters are masked.
 */
public final class MagicSyntax {

    /** One step of a cell: code, or a line magic. */
    public sealed interface Step permits Code, Line {
    }

    /** A magic called where code expects a value: a line magic or a cell magic. */
    public sealed interface Call permits Line, CellMagic {
    }

    /**
     * Java code, perhaps with magics in it as values ({@code var jars = %jars lib/*.jar},
     * {@code lineMagic("jars", List.of("lib/*.jar"))}): each stands in the text as
     * {@link #placeholder(int)}; the run loop runs the magics first and puts their values,
     * {@link #javaValue(List)}, in their places.
     *
     * @param text   the code
     * @param offset where it starts in the cell
     * @param calls  the magics in the code, by placeholder number
     */
    public record Code(String text, int offset, List<Call> calls) implements Step {

        /** Code without magics. */
        public Code(String text, int offset) {
            this(text, offset, List.of());
        }
    }

    /**
     * A line magic.
     *
     * @param name    the magic's name, without {@code %}
     * @param args    its arguments, split like a shell (quotes group, backslash escapes)
     * @param rawArgs the rest of the line after the name, as typed
     * @param offset  where the line starts in the cell
     */
    public record Line(String name, List<String> args, String rawArgs, int offset) implements Step, Call {
    }

    /**
     * A cell magic.
     *
     * @param name       its name, without {@code %%}
     * @param args       the arguments on its line
     * @param body       the rest of the cell
     * @param bodyOffset where the body starts in the cell
     */
    public record CellMagic(String name, List<String> args, String body, int bodyOffset) implements Call {
    }

    /**
     * What a cell is made of.
     *
     * @param cellMagic the cell magic, or null; then {@code steps} is the plan
     * @param steps     code parts and line magics in order (empty with a cell magic)
     */
    public record Plan(CellMagic cellMagic, List<Step> steps) {
    }

    private static final char MASK = '\uE000';
    private static final char MARK = '\uE001';
    /** A line magic is at the start of a line, or the value of an assignment ({@code x = %jars a.jar}). */
    private static final String LINE_MAGIC_START = "(?:^[ \\t]*|(?<==)[ \\t]*)%";

    private MagicSyntax() {
    }

    /** Parses a cell. */
    public static Plan parse(String cell) {
        boolean masked = cell.indexOf(MASK) < 0 && cell.indexOf(MARK) < 0;
        String text = masked ? mask(cell) : cell;
        Recorder recorder = new Recorder();
        String transpiled = new MagicParser(LINE_MAGIC_START, "%%", recorder).resolveMagics(text);

        if (recorder.cell != null) {
            ParsedCellMagic m = recorder.cell;
            int bodyOffset = cell.indexOf('\n') + 1; // the pattern needs a line break after %%name
            return new Plan(new CellMagic(m.magicCall.name, unmask(m.magicCall.args),
                    cell.substring(bodyOffset), bodyOffset), List.of());
        }

        List<Step> steps = new ArrayList<>();
        int pos = 0;       // in transpiled
        int shift = 0;     // original offset minus transpiled offset
        while (true) {
            int mark = transpiled.indexOf(MARK, pos);
            if (mark < 0) {
                addCode(steps, transpiled.substring(pos), pos + shift);
                break;
            }
            int close = transpiled.indexOf(MARK, mark + 1);
            int index = Integer.parseInt(transpiled.substring(mark + 1, close));
            ParsedLineMagic m = recorder.lines.get(index);
            String raw = unmask(m.raw);
            String afterPercent = raw.strip().substring(1);
            String rawArgs = afterPercent.substring(Math.min(afterPercent.length(), m.magicCall.name.length())).strip();
            Line line = new Line(m.magicCall.name, unmask(m.magicCall.args), rawArgs, mark + shift);
            int lineStart = Math.max(pos, transpiled.lastIndexOf('\n', mark - 1) + 1);
            if (!transpiled.substring(lineStart, mark).isBlank()) {
                // the value of an assignment: its line becomes code with the magic's value in it
                addCode(steps, transpiled.substring(pos, lineStart), pos + shift);
                steps.add(new Code(unmask(transpiled.substring(lineStart, mark)) + " " + placeholder(0) + ";",
                        lineStart + shift, List.of(line)));
            } else {
                addCode(steps, transpiled.substring(pos, mark), pos + shift);
                steps.add(line);
            }
            int markLength = close + 1 - mark;
            shift += raw.length() - markLength;
            pos = close + 1;
        }
        return new Plan(null, steps);
    }

    private static void addCode(List<Step> steps, String code, int offset) {
        if (!code.isBlank()) {
            steps.addAll(MagicCalls.split(unmask(code), offset));
        }
    }

    /**
     * Replaces {@code %} by a private-use character inside comments, string and character
     * literals and text blocks (see {@link #quoted}), so that the magic patterns do not see them.
     */
    static String mask(String s) {
        StringBuilder b = new StringBuilder(s);
        BitSet quoted = quoted(s);
        for (int i = quoted.nextSetBit(0); i >= 0; i = quoted.nextSetBit(i + 1)) {
            if (s.charAt(i) == '%') {
                b.setCharAt(i, MASK);
            }
        }
        return b.toString();
    }

    /**
     * The positions inside comments, string and character literals and text blocks. Magic lines
     * are skipped whole (their arguments may contain {@code /*}), and so is a magic that is the
     * value of an assignment.
     */
    static BitSet quoted(String s) {
        BitSet quoted = new BitSet(s.length());
        int n = s.length();
        int i = 0;
        boolean lineStart = true;
        while (i < n) {
            char c = s.charAt(i);
            if (lineStart) {
                int j = i;
                while (j < n && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
                    j++;
                }
                if (isMagicAt(s, j) || s.startsWith("%%", j)) {
                    i = endOfLine(s, j);
                    continue;
                }
                lineStart = false;
            }
            if (c == '\n') {
                lineStart = true;
                i++;
            } else if (c == '=' && isMagicAt(s, i + 1)) {
                i = endOfLine(s, i); // a magic as the value of an assignment: its arguments are no Java
            } else if (s.startsWith("//", i)) {
                int end = endOfLine(s, i);
                quoted.set(i, Math.min(end, n));
                i = end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                quoted.set(i, Math.min(end, n));
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = closing(s, i + 3, "\"\"\"", false);
                quoted.set(i, Math.min(end, n));
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = closing(s, i + 1, String.valueOf(c), true);
                quoted.set(i, Math.min(end, n));
                i = end;
            } else {
                i++;
            }
        }
        return quoted;
    }

    /** @return true if, after spaces and tabs from {@code from}, a {@code %name} starts */
    private static boolean isMagicAt(String s, int from) {
        int j = from;
        while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
            j++;
        }
        return j + 1 < s.length() && s.charAt(j) == '%'
                && (Character.isLetterOrDigit(s.charAt(j + 1)) || s.charAt(j + 1) == '_');
    }

    /** @return how the magic {@code index} of a {@link Code} stands in its text (a Java identifier) */
    public static String placeholder(int index) {
        return "ptlab$magic$" + index + "$";
    }

    /** @return a magic's value as Java: {@code java.util.List.of("a", "b")}, or {@code null} for none */
    public static String javaValue(List<String> value) {
        if (value == null) {
            return "null";
        }
        return "java.util.List.of(" + String.join(", ", value.stream().map(MagicSyntax::javaString).toList()) + ")";
    }

    /** @return {@code s} as a Java string literal */
    static String javaString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static int endOfLine(String s, int from) {
        int end = s.indexOf('\n', from);
        return end < 0 ? s.length() : end;
    }

    /** Index just after the closing delimiter (backslash escapes), or the end of text/line. */
    private static int closing(String s, int from, String delimiter, boolean oneLine) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (s.startsWith(delimiter, i)) {
                return i + delimiter.length();
            } else if (oneLine && c == '\n') {
                return i;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static String unmask(String s) {
        return s.replace(MASK, '%');
    }

    private static List<String> unmask(List<String> list) {
        return list.stream().map(MagicSyntax::unmask).toList();
    }

    /** Records the magics instead of translating them; line magics become numbered marks. */
    private static final class Recorder extends MagicTranspiler {
        final List<ParsedLineMagic> lines = new ArrayList<>();
        ParsedCellMagic cell;

        @Override
        public String transpileCell(ParsedCellMagic magic) {
            cell = magic;
            return "";
        }

        @Override
        public String transpileLine(ParsedLineMagic magic) {
            lines.add(magic);
            return MARK + Integer.toString(lines.size() - 1) + MARK;
        }
    }
}
