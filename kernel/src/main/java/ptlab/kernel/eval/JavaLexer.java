package ptlab.kernel.eval;

/**
 * Walks Java source the way javac's scanner sees it, without making tokens: one element at a
 * time, each either a single character of code or a whole comment or literal, so that callers
 * can look at code and never mistake {@code ";"} in a string or {@code //(} in a comment for
 * code. Knows line and block comments, string and character literals with their escapes, text
 * blocks, and Unicode escapes ({@code \u0022} is a quote, as javac translates it before
 * anything else; {@code \\u0022} is not). Positions are indices in the text as written.
 *
 * <pre>{@code
 * JavaLexer lex = new JavaLexer(code);
 * while (lex.next()) {
 *     if (lex.kind() == JavaLexer.Kind.CODE && lex.code() == ';') { ... }
 * }
 * }</pre>
 */
final class JavaLexer {

    /** What an element is. */
    enum Kind {
        /** one character of code, blanks included */
        CODE,
        /** a line or block comment */
        COMMENT,
        /** a string literal */
        STRING,
        /** a text block ({@code """...""" }) */
        TEXT_BLOCK,
        /** a character literal */
        CHAR
    }

    private final String text;
    /** The text with its Unicode escapes translated, or null when it has none. */
    private final char[] chars;
    /** For each translated character, where it starts in the text (one more entry: the end). */
    private final int[] at;
    private final int length;
    private int next;
    private Kind kind;
    private int start;
    private int end;
    private int bodyStart;
    private int bodyEnd;
    private boolean closed;

    /** A walker at the start of {@code text}. */
    JavaLexer(String text) {
        this.text = text;
        if (text.indexOf("\\u") < 0) {
            chars = null;
            at = null;
            length = text.length();
        } else {
            chars = new char[text.length()];
            at = new int[text.length() + 1];
            int n = 0;
            int backslashes = 0; // contiguous backslashes just before i, as written
            int i = 0;
            while (i < text.length()) {
                int width = escapeWidth(text, i, backslashes);
                at[n] = i;
                chars[n++] = width > 0 ? (char) Integer.parseInt(text.substring(i + width - 4, i + width), 16) : text.charAt(i);
                backslashes = width == 0 && text.charAt(i) == '\\' ? backslashes + 1 : 0;
                i += Math.max(width, 1);
            }
            at[n] = text.length();
            length = n;
        }
    }

    /**
     * @return the length of the Unicode escape at {@code i} ({@code \}, one or more {@code u},
     *         four hex digits), or 0 if none starts there
     */
    private static int escapeWidth(String text, int i, int backslashesBefore) {
        if (text.charAt(i) != '\\' || backslashesBefore % 2 != 0 || i + 1 >= text.length() || text.charAt(i + 1) != 'u') {
            return 0;
        }
        int j = i + 1;
        while (j < text.length() && text.charAt(j) == 'u') {
            j++;
        }
        if (j + 4 > text.length()) {
            return 0;
        }
        for (int k = j; k < j + 4; k++) {
            if (Character.digit(text.charAt(k), 16) < 0) {
                return 0;
            }
        }
        return j + 4 - i;
    }

    /**
     * Moves to the next element.
     *
     * @return false at the end of the text
     */
    boolean next() {
        if (next >= length) {
            return false;
        }
        int i = next;
        char c = charAt(i);
        closed = true;
        if (c == '/' && charAt(i + 1) == '/') {
            kind = Kind.COMMENT;
            next = lineEnd(i);
            bodyStart = i + 2;
            bodyEnd = next;
        } else if (c == '/' && charAt(i + 1) == '*') {
            kind = Kind.COMMENT;
            bodyStart = i + 2;
            bodyEnd = find('*', '/', i + 2);
            closed = bodyEnd < length;
            next = closed ? bodyEnd + 2 : length;
        } else if (c == '"' && charAt(i + 1) == '"' && charAt(i + 2) == '"') {
            kind = Kind.TEXT_BLOCK;
            quoted(i, 3, '"', false);
        } else if (c == '"') {
            kind = Kind.STRING;
            quoted(i, 1, '"', true);
        } else if (c == '\'') {
            kind = Kind.CHAR;
            quoted(i, 1, '\'', true);
        } else {
            kind = Kind.CODE;
            next = i + 1;
        }
        start = i;
        end = next;
        return true;
    }

    /** Sets the body and the end of a literal that opens at {@code i} with {@code width} quotes. */
    private void quoted(int i, int width, char quote, boolean oneLine) {
        bodyStart = i + width;
        int j = bodyStart;
        while (j < length) {
            char c = charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (c == quote && (width == 1 || (charAt(j + 1) == quote && charAt(j + 2) == quote))) {
                break;
            } else if (oneLine && (c == '\n' || c == '\r')) {
                break;
            } else {
                j++;
            }
        }
        j = Math.min(j, length);
        bodyEnd = j;
        closed = j < length && charAt(j) == quote;
        next = closed ? j + width : j;
    }

    private int lineEnd(int from) {
        int j = from;
        while (j < length && charAt(j) != '\n' && charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    private int find(char a, char b, int from) {
        for (int j = from; j + 1 < length; j++) {
            if (charAt(j) == a && charAt(j + 1) == b) {
                return j;
            }
        }
        return length;
    }

    /** The character at translated index {@code i}, or 0 past the end. */
    private char charAt(int i) {
        if (i >= length) {
            return 0;
        }
        return chars == null ? text.charAt(i) : chars[i];
    }

    private int raw(int i) {
        return at == null ? i : at[i];
    }

    /** @return what the current element is */
    Kind kind() {
        return kind;
    }

    /** @return the character of a {@link Kind#CODE} element (a Unicode escape translated) */
    char code() {
        return charAt(start);
    }

    /** @return whether the current element is a comment or a blank: nothing javac reads */
    boolean blank() {
        return kind == Kind.COMMENT || (kind == Kind.CODE && Character.isWhitespace(code()));
    }

    /** @return where the current element starts in the text */
    int start() {
        return raw(start);
    }

    /** @return where the current element ends (exclusive) in the text */
    int end() {
        return raw(end);
    }

    /** @return the text of a comment or literal between its delimiters, escapes as written */
    String body() {
        return text.substring(raw(bodyStart), raw(bodyEnd));
    }

    /** @return false for a comment or literal that the end of the text (or, for one-line literals, of the line) cut off */
    boolean closed() {
        return closed;
    }
}
