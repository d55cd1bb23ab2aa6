package ptlab.kernel.eval;

import java.util.ArrayList;
import java.util.List;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * Splits a cell's code into JShell snippets. {@code JShell.eval} takes one snippet and ignores
 * the rest, so a cell {@code int x = 1; x + 1} must be fed as {@code int x = 1;} then {@code x + 1}.
 * {@link SourceCodeAnalysis#analyzeCompletion} finds the end of the first snippet; it also adds a
 * missing final semicolon ({@code int x = 5} becomes {@code int x = 5;}), so the snippet to evaluate
 * is its {@code source()}, not the raw text.
 */
final class SnippetSplitter {

    /**
     * One snippet of a cell.
     *
     * @param source   the text to give {@code JShell.eval}
     * @param offset   where the snippet starts in the text that was split (for line numbers)
     * @param complete false for a trailing piece that is incomplete or cannot be parsed; it is
     *                 still evaluated, so that JShell reports the error
     */
    record Piece(String source, int offset, boolean complete) {
    }

    private SnippetSplitter() {
    }

    /**
     * Splits {@code code} into snippets.
     *
     * @param analysis JShell's analysis, which knows Java's syntax
     * @param code     the code of the cell (or of one part of it between magics)
     * @return the snippets in order; empty if the code is only whitespace and comments
     */
    static List<Piece> split(SourceCodeAnalysis analysis, String code) {
        List<Piece> pieces = new ArrayList<>();
        int consumed = 0;
        String remaining = code;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            if (c == Completeness.EMPTY) {
                break;
            }
            if (!c.isComplete() || info.source() == null) {
                // incomplete (or unparsable) to the end: one last piece, JShell will say why
                pieces.add(piece(remaining, consumed, false));
                break;
            }
            // source() is a prefix of the remaining text, leading blanks and comments included
            // (plus a semicolon JShell may have added), so positions in it map to offset + position
            pieces.add(piece(info.source(), consumed, true));
            consumed += remaining.length() - info.remaining().length();
            remaining = info.remaining();
        }
        return pieces;
    }

    /**
     * A piece without its leading blanks: JShell numbers the lines of a snippet that starts with
     * a line break wrongly (all of them become line 1), so snippets start at their first character.
     */
    private static Piece piece(String source, int offset, boolean complete) {
        int lead = 0;
        while (lead < source.length() && Character.isWhitespace(source.charAt(lead))) {
            lead++;
        }
        return new Piece(source.substring(lead), offset + lead, complete);
    }

    /**
     * Whether a snippet's last token is a semicolon, comments and blanks after it not counted:
     * {@code list.add(1); // note} ends in one, {@code "a;"} and {@code x // y;} do not. A cell's
     * value is hidden when its last snippet ends in one (Jupyter's convention).
     */
    static boolean endsWithSemicolon(String source) {
        char last = 0;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                int eol = source.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"' || c == '\'') {
                i = endOfLiteral(source, i);
                last = c;
            } else {
                if (!Character.isWhitespace(c)) {
                    last = c;
                }
                i++;
            }
        }
        return last == ';';
    }

    /** The index just past the string, text block or character literal that starts at {@code start}. */
    private static int endOfLiteral(String source, int start) {
        String quote = source.startsWith("\"\"\"", start) ? "\"\"\"" : source.substring(start, start + 1);
        int i = start + quote.length();
        while (i < source.length()) {
            if (source.charAt(i) == '\\') {
                i += 2;
            } else if (source.startsWith(quote, i)) {
                return i + quote.length();
            } else {
                i++;
            }
        }
        return source.length();
    }
}
