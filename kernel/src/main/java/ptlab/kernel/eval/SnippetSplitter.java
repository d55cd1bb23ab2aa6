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

    /**
     * How many lines JShell analyses at first to find where a snippet ends; the window doubles
     * while the snippet may go on. Analysing a window instead of the rest of the cell keeps the
     * split linear in the cell's length (a cell of N one-line declarations took N analyses of
     * about N/2 lines each).
     */
    private static final int FIRST_WINDOW_LINES = 8;

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
        int at = 0;
        int lines = FIRST_WINDOW_LINES;
        while (at < code.length()) {
            int end = lineEnds(code, at, lines);
            String window = code.substring(at, end);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(window);
            Completeness c = info.completeness();
            boolean whole = end == code.length();
            if (!whole && !settled(info, window)) {
                lines *= 2; // the snippet may go on past the window: look further
                continue;
            }
            lines = FIRST_WINDOW_LINES;
            if (c == Completeness.EMPTY) {
                at = end; // blanks and comments only, up to a line end outside any comment
                continue;
            }
            if (!c.isComplete() || info.source() == null) {
                // incomplete (or unparsable) to the end: one last piece, JShell will say why
                pieces.add(piece(window, at, false));
                break;
            }
            // source() is a prefix of the window, leading blanks and comments included (plus a
            // semicolon JShell may have added), so positions in it map to at + position
            pieces.add(piece(info.source(), at, true));
            at += window.length() - info.remaining().length();
        }
        return pieces;
    }

    /**
     * Whether the analysis of a window ending at a line break says where the snippet ends in the
     * whole text too: the window holds, after the snippet, the start of the next one (JShell
     * decides where a snippet ends from the token after it: {@code else}, {@code .map(...)} on
     * the next line), and ends outside any comment or literal. Or the window is blanks and
     * comments only, closed.
     */
    private static boolean settled(SourceCodeAnalysis.CompletionInfo info, String window) {
        Completeness c = info.completeness();
        if (c == Completeness.EMPTY) {
            return closedAtEnd(window, 0);
        }
        if (!c.isComplete() || info.source() == null) {
            return false;
        }
        int rest = window.length() - info.remaining().length();
        return hasCode(window, rest) && closedAtEnd(window, rest);
    }

    /** @return whether {@code text} from {@code from} on holds code, not only blanks and comments */
    private static boolean hasCode(String text, int from) {
        JavaLexer lex = new JavaLexer(text.substring(from));
        while (lex.next()) {
            if (!lex.blank()) {
                return true;
            }
        }
        return false;
    }

    /** @return whether {@code text} from {@code from} on ends outside any comment, string or text block */
    private static boolean closedAtEnd(String text, int from) {
        JavaLexer lex = new JavaLexer(text.substring(from));
        boolean closed = true;
        while (lex.next()) {
            closed = lex.closed() || lex.kind() == JavaLexer.Kind.CHAR || lex.kind() == JavaLexer.Kind.STRING;
        }
        return closed;
    }

    /** @return the index just past the {@code lines}-th line break from {@code from}, or the text's end */
    private static int lineEnds(String code, int from, int lines) {
        int i = from;
        for (int k = 0; k < lines && i < code.length(); k++) {
            int eol = code.indexOf('\n', i);
            i = eol < 0 ? code.length() : eol + 1;
        }
        return i;
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
        boolean semicolon = false;
        JavaLexer lex = new JavaLexer(source);
        while (lex.next()) {
            if (!lex.blank()) {
                semicolon = lex.kind() == JavaLexer.Kind.CODE && lex.code() == ';';
            }
        }
        return semicolon;
    }
}
