package ptlab.kernel.eval;

import java.nio.charset.StandardCharsets;

/**
 * Finds, before JShell compiles a snippet, code that javac cannot compile and that would spoil
 * JShell's compiler for every later snippet:
 * <ul>
 *   <li>a string literal longer than a class file constant can hold (65,535 bytes of modified
 *       UTF-8): javac fails only when it writes the class, after JShell has accepted the
 *       snippet, and its reused compiler then fails every later snippet ("UTF8 representation
 *       ... is too long for the constant pool");</li>
 *   <li>an expression nested deeper than {@value #MAX_NESTING} levels (brackets, plus a chain of
 *       binary operators, each of which is a level of javac's tree): javac's recursion overflows
 *       its stack, it prints an internal error, and JShell keeps a snippet whose class was never
 *       written.</li>
 * </ul>
 * A lexical scan: comments and character literals are skipped; text blocks count as strings.
 */
final class CompilerLimits {

    /** The most bytes a class file's string constant holds. */
    static final int MAX_CONSTANT_BYTES = 65_535;
    /** The deepest expression the kernel hands to javac; far above any readable code. */
    static final int MAX_NESTING = 1000;

    private static final String OPERATOR_CHARS = "+-*/%&|^<>=!?:";

    private CompilerLimits() {
    }

    /** @return what javac cannot compile in {@code code}, or null if nothing */
    static String problem(String code) {
        int depth = 0;
        int[] chain = new int[64];
        int worst = 0;
        int n = code.length();
        for (int i = 0; i < n; i++) {
            char c = code.charAt(i);
            if (c == '/' && i + 1 < n && code.charAt(i + 1) == '/') {
                int end = code.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '\'') {
                i = skipQuoted(code, i, '\'');
            } else if (c == '"') {
                boolean block = code.startsWith("\"\"\"", i);
                int end = block ? code.indexOf("\"\"\"", i + 3) : skipQuoted(code, i, '"');
                end = end < 0 ? n : end;
                String body = code.substring(i + (block ? 3 : 1), Math.min(end, n));
                if (utf8Length(body) > MAX_CONSTANT_BYTES) {
                    return "constant string too long: a string literal of " + utf8Length(body)
                            + " bytes, the limit is " + MAX_CONSTANT_BYTES + " (read long text from a file instead)";
                }
                i = block ? end + 2 : end;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                chain = grow(chain, depth);
                chain[depth] = 0;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (c == ';' || c == ',') {
                chain[depth] = 0;
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                while (i + 1 < n && OPERATOR_CHARS.indexOf(code.charAt(i + 1)) >= 0) {
                    i++; // one operator of several characters
                }
                chain[depth]++;
            }
            worst = Math.max(worst, depth + chain[depth]);
            if (worst > MAX_NESTING) {
                return "the code is too deeply nested for the compiler: more than " + MAX_NESTING
                        + " levels of brackets and operators in one expression; split it into smaller parts";
            }
        }
        return null;
    }

    /** @return the index of the closing quote (or of the end of the line or text) */
    private static int skipQuoted(String code, int open, char quote) {
        for (int i = open + 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return code.length();
    }

    /** The literal's length in a class file, escapes counted as the one character they stand for. */
    private static int utf8Length(String body) {
        if (body.length() < MAX_CONSTANT_BYTES / 3) {
            return body.length(); // cannot be too long: the exact count is not needed
        }
        String unescaped = body.replaceAll("\\\\u+[0-9a-fA-F]{4}", "u").replaceAll("\\\\.", "e");
        return unescaped.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int[] grow(int[] a, int index) {
        if (index < a.length) {
            return a;
        }
        return java.util.Arrays.copyOf(a, Math.max(a.length * 2, index + 1));
    }
}
