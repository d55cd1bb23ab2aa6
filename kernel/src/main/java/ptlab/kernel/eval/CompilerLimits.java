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
 * A lexical scan ({@link JavaLexer}): comments and character literals are skipped; text blocks count as strings.
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
        boolean inOperator = false; // the previous element was a character of an operator
        JavaLexer lex = new JavaLexer(code);
        while (lex.next()) {
            JavaLexer.Kind kind = lex.kind();
            char c = kind == JavaLexer.Kind.CODE ? lex.code() : 0;
            boolean operator = OPERATOR_CHARS.indexOf(c) >= 0 && c != 0;
            if (kind == JavaLexer.Kind.STRING || kind == JavaLexer.Kind.TEXT_BLOCK) {
                int bytes = utf8Length(lex.body());
                if (bytes > MAX_CONSTANT_BYTES) {
                    return "constant string too long: a string literal of " + bytes
                            + " bytes, the limit is " + MAX_CONSTANT_BYTES + " (read long text from a file instead)";
                }
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                chain = grow(chain, depth);
                chain[depth] = 0;
            } else if (c == ')' || c == ']' || c == '}') {
                depth = Math.max(0, depth - 1);
            } else if (c == ';' || c == ',') {
                chain[depth] = 0;
            } else if (operator && !inOperator) {
                chain[depth]++; // one operator, however many characters it has
            }
            inOperator = operator;
            worst = Math.max(worst, depth + chain[depth]);
            if (worst > MAX_NESTING) {
                return "the code is too deeply nested for the compiler: more than " + MAX_NESTING
                        + " levels of brackets and operators in one expression; split it into smaller parts";
            }
        }
        return null;
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
