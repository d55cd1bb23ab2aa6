package ptlab.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

import ptlab.kernel.output.Caps;
import ptlab.kernel.session.SnippetOrigin;

/**
 * Turns what JShell reports (compiler diagnostics, exceptions from the cell JVM, unresolved
 * declarations) into readable Jupyter errors: the cell's line with a caret under the problem and
 * javac's message; the exception's class, message and the user's frames, with snippet frames
 * named by cell and line ({@code at cell [3], line 2}) instead of JShell's generated names.
 * JShell has already cut the frames below the snippet (reflection, agent, JShell), so no kernel
 * frames remain.
 */
final class CellErrors {

    /** At most this many frames per exception are shown. */
    static final int MAX_FRAMES = 40;
    /** A frame repeated more often than this (deep recursion) is shown this often, then counted. */
    static final int MAX_REPEATS = 3;
    /**
     * javac's "location: class" line for a name looked up at a cell's top level: JShell's wrapper
     * class has no name to show, so the line says nothing and is left out.
     */
    private static final Pattern NAMELESS_LOCATION = Pattern.compile("\\s*location: class\\s*");

    private CellErrors() {
    }

    /**
     * A compile error.
     *
     * @param text   the text the snippet was cut from (the cell, or a loaded file)
     * @param offset where the snippet starts in {@code text}
     * @param place  how to name {@code text} in the message ({@code null} for the current cell)
     * @param diags  JShell's diagnostics for the snippet; only errors are shown
     */
    static CellError compileError(String text, int offset, String place, List<Diag> diags) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            if (first == null) {
                first = message.lines().findFirst().orElse(message);
            }
            long pos = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
            long end = Math.max(d.getEndPosition(), pos + 1);
            if (pos >= 0) {
                int at = (int) Math.min(text.length(), offset + pos);
                int lineStart = text.lastIndexOf('\n', at - 1) + 1;
                if (at == text.length() && at > 0 && text.charAt(at - 1) == '\n') {
                    // "reached end of file": point at the end of the last line, not after it
                    at--;
                    lineStart = text.lastIndexOf('\n', at - 1) + 1;
                }
                int lineEnd = text.indexOf('\n', at);
                if (lineEnd < 0) {
                    lineEnd = text.length();
                }
                int lineNo = lineOf(text, at);
                // a window of the line around the error: a line may be megabytes long
                int from = Math.max(lineStart, at - Caps.ERROR_CONTEXT_CHARS);
                int to = Math.min(lineEnd, Math.max(at + 1, (int) Math.min(offset + end, lineEnd)) + Caps.ERROR_CONTEXT_CHARS);
                String before = from > lineStart ? "…" : "";
                String line = before + text.substring(from, to) + (to < lineEnd ? "…" : "");
                int width = (int) Math.max(1, Math.min(Math.min(offset + end, lineEnd) - at, to - at));
                lines.add("Compile error in " + (place == null ? "line " + lineNo : place + ", line " + lineNo) + ":");
                lines.add("    " + line);
                lines.add("    " + " ".repeat(before.length()) + caretPrefix(text.substring(from, to), at - from)
                        + "^".repeat(width));
            } else {
                lines.add("Compile error:");
            }
            message.lines().filter(l -> !NAMELESS_LOCATION.matcher(l).matches()).forEach(lines::add);
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add("Compile error: " + first);
        }
        return new CellError(CellError.COMPILE_ERROR, first, lines);
    }

    /**
     * An exception thrown by cell code.
     *
     * @param e       JShell's report of it
     * @param origins where each snippet (by id) came from; may return null
     */
    static CellError exception(JShellException e, Function<String, SnippetOrigin> origins) {
        if (e instanceof UnresolvedReferenceException u) {
            return unresolvedUse(u.getSnippet(), List.of());
        }
        EvalException ev = (EvalException) e;
        List<String> lines = new ArrayList<>();
        describe(ev, origins, lines, "");
        String message = ev.getMessage() == null ? "" : ev.getMessage();
        if (message.isEmpty() && ev.getExceptionClassName().equals("java.lang.StackOverflowError")) {
            message = "the call stack overflowed: a recursion that is too deep or never ends";
        }
        return new CellError(simpleName(ev.getExceptionClassName()), message, lines);
    }

    /** Code used a declaration whose own references are not all declared yet. */
    static CellError unresolvedUse(DeclarationSnippet snippet, List<String> missing) {
        return CellError.oneLine(CellError.UNRESOLVED,
                describe(snippet) + " cannot be used until " + missingText(missing) + " declared");
    }

    /** A cell left a declaration that cannot be used yet. */
    static CellError unresolvedDeclaration(DeclarationSnippet snippet, List<String> missing) {
        return CellError.oneLine(CellError.UNRESOLVED,
                describe(snippet) + " was declared, but it cannot be used until " + missingText(missing) + " declared");
    }

    private static String missingText(List<String> missing) {
        if (missing.isEmpty()) {
            return "what it refers to is";
        }
        return String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are");
    }

    /** "method f(int)", "variable x", "class Point", ... */
    static String describe(DeclarationSnippet s) {
        switch (s.kind()) {
            case METHOD:
                return "method " + s.name() + "(" + ((MethodSnippet) s).parameterTypes() + ")";
            case VAR:
                return "variable " + s.name();
            case TYPE_DECL:
                return typeWord(s.subKind()) + " " + s.name();
            default:
                return s.name();
        }
    }

    private static String typeWord(Snippet.SubKind k) {
        switch (k) {
            case INTERFACE_SUBKIND:
                return "interface";
            case ENUM_SUBKIND:
                return "enum";
            case ANNOTATION_TYPE_SUBKIND:
                return "annotation type";
            case RECORD_SUBKIND:
                return "record";
            default:
                return "class";
        }
    }

    private static void describe(EvalException e, Function<String, SnippetOrigin> origins, List<String> out, String prefix) {
        String message = e.getMessage();
        out.add(prefix + e.getExceptionClassName() + (message == null ? "" : ": " + message));
        List<String> frames = new ArrayList<>();
        for (StackTraceElement el : e.getStackTrace()) {
            frames.add("\tat " + frame(el, origins));
        }
        out.addAll(compress(frames));
        JShellException cause = e.getCause() instanceof JShellException c ? c : null;
        if (cause instanceof EvalException ce) {
            describe(ce, origins, out, "Caused by: ");
        } else if (cause instanceof UnresolvedReferenceException ue) {
            out.add("Caused by: " + unresolvedUse(ue.getSnippet(), List.of()).evalue());
        }
    }

    /** A frame; frames of snippets (file name "#id") are named by cell and line. */
    static String frame(StackTraceElement el, Function<String, SnippetOrigin> origins) {
        String file = el.getFileName();
        if (file == null || !file.startsWith("#")) {
            return el.toString();
        }
        String id = file.substring(1);
        SnippetOrigin o = origins.apply(id);
        int line = Math.max(1, el.getLineNumber());
        String where = o == null
                ? "snippet " + id + ", line " + line
                : o.place() + ", line " + (o.firstLine() + line - 1);
        String name = el.getClassName().isEmpty() ? el.getMethodName()
                : el.getMethodName().isEmpty() ? el.getClassName() : el.getClassName() + "." + el.getMethodName();
        return name.isEmpty() ? where : name + " (" + where + ")";
    }

    /** Collapses runs of a repeated frame and caps the number of frames. */
    static List<String> compress(List<String> frames) {
        List<String> out = new ArrayList<>();
        int shown = 0;
        int i = 0;
        while (i < frames.size()) {
            if (shown >= MAX_FRAMES) {
                out.add("\t... " + (frames.size() - i) + " more frames");
                break;
            }
            int run = 1;
            while (i + run < frames.size() && frames.get(i + run).equals(frames.get(i))) {
                run++;
            }
            int show = Math.min(run, MAX_REPEATS);
            for (int k = 0; k < show; k++) {
                out.add(frames.get(i));
            }
            shown += show;
            if (run > show) {
                out.add("\t... the frame above repeats " + (run - show) + " more times");
            }
            i += run;
        }
        return out;
    }

    /** "java.lang.NumberFormatException" becomes "NumberFormatException". */
    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** 1-based line number of {@code index} in {@code text}. */
    static int lineOf(String text, int index) {
        return 1 + lineBreaks(text, 0, index);
    }

    /** How many line breaks {@code text} has from {@code from} to {@code to} (exclusive). */
    static int lineBreaks(String text, int from, int to) {
        int breaks = 0;
        for (int i = from; i < to && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                breaks++;
            }
        }
        return breaks;
    }

    /** Blanks as wide as {@code column} characters of {@code line}, keeping its tabs. */
    private static String caretPrefix(String line, int column) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < column && i < line.length(); i++) {
            b.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return b.toString();
    }
}
