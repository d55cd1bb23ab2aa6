package ptlab.kernel.assist;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import ptlab.kernel.magic.MagicSyntax;

/**
 * Completion, {@code is_complete} and inspection, all from JShell's {@link SourceCodeAnalysis}
 * (which knows the snippets defined so far). A cell holds several snippets and maybe magics;
 * JShell's analysis wants the one snippet the cursor is in, so that is cut out first.
 */
public final class CodeAssist {

    /** {@code is_complete} answer: the cell can run as it is. */
    public static final String COMPLETE = "complete";
    /** {@code is_complete} answer: a snippet can never become valid Java. */
    public static final String INVALID = "invalid";

    /** An inline tag (group 1 its name, group 2 its text), or else an HTML tag. */
    private static final Pattern INLINE_OR_HTML =
            Pattern.compile("\\{@(code|link|linkplain|literal|value)\\s+([^}]*)}|</?[a-zA-Z][^>]*>");
    private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@[a-zA-Z]+");
    private static final Pattern PARAM = Pattern.compile("(?ms)^\\s*@param\\s+(\\S+)\\s+(.*?)(?=^\\s*@[a-zA-Z]+|\\z)");
    private static final Pattern RETURN = Pattern.compile("(?ms)^\\s*@return\\s+(.*?)(?=^\\s*@[a-zA-Z]+|\\z)");
    /** A sentence ends at a period followed by white space (as javadoc's own first-sentence rule). */
    private static final Pattern SENTENCE_END = Pattern.compile("\\.(?=\\s|$)");

    private CodeAssist() {
    }

    /** Completions at {@code cursor}: JShell's continuations, each once, type matches first. */
    public static ReplacementOptions complete(SourceCodeAnalysis analysis, String code, int cursor) {
        int start = snippetStart(analysis, code, cursor);
        String input = code.substring(start, cursor);
        int[] anchor = new int[1];
        Set<String> first = new LinkedHashSet<>();
        Set<String> rest = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(input, input.length(), anchor)) {
            (s.matchesType() ? first : rest).add(s.continuation());
        }
        rest.removeAll(first);
        List<String> all = new ArrayList<>(first);
        all.addAll(rest);
        return new ReplacementOptions(all, start + anchor[0], cursor);
    }

    /**
     * Whether the cell can run as it is: {@code complete}, {@code invalid} (a snippet that can never
     * become valid Java), or otherwise the indent for the next line (the code is incomplete).
     */
    public static String isComplete(SourceCodeAnalysis analysis, String code) {
        MagicSyntax.Plan plan = MagicSyntax.parse(code);
        if (plan.cellMagic() != null) {
            return plan.cellMagic().body().isBlank() ? "" : isComplete(analysis, plan.cellMagic().body());
        }
        List<MagicSyntax.Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof MagicSyntax.Code c)) {
                continue;
            }
            String remaining = c.text();
            while (!remaining.isBlank()) {
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                Completeness k = info.completeness();
                if (k == Completeness.EMPTY) {
                    break;
                }
                if (k == Completeness.UNKNOWN) {
                    return INVALID;
                }
                if (!k.isComplete()) {
                    return indent(code);
                }
                if (!JavaSyntax.parses(info.source())) {
                    return INVALID;
                }
                remaining = info.remaining();
            }
        }
        return COMPLETE;
    }

    /**
     * The signature and a Javadoc summary (first sentence, parameters, result) of what is at the
     * cursor, or null if nothing is known. Javadoc needs the sources: the JDK's {@code lib/src.zip},
     * and for the helpers the sources jar {@link #addSources} adds; without them there is the
     * signature alone. With the cursor after a dot ({@code Runner.}) it is the thing before the dot.
     */
    public static DisplayData inspect(SourceCodeAnalysis analysis, String code, int cursor) {
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++; // the whole name under the cursor
        }
        int start = snippetStart(analysis, code, end);
        String input = code.substring(start, end);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(input, input.length(), true);
        if (docs.isEmpty() && !input.isEmpty() && Character.isJavaIdentifierPart(input.charAt(input.length() - 1))) {
            // "Math.abs" names a method only once it is called: ask for "Math.abs("
            docs = analysis.documentation(input + "(", input.length() + 1, true);
        }
        if (docs.isEmpty() && input.endsWith(".")) {
            // "Runner." with nothing after the dot yet: what is before the dot
            docs = analysis.documentation(input, input.length() - 1, true);
        }
        if (docs.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                text.append("\n\n").append(javadocSummary(d.javadoc()));
            }
        }
        return new DisplayData(text.toString());
    }

    /**
     * A Javadoc comment as a tooltip shows it: the first sentence, then each {@code @param} and the
     * {@code @return}, as plain text.
     */
    static String javadocSummary(String javadoc) {
        Matcher tag = BLOCK_TAG.matcher(javadoc);
        int tagsStart = tag.find() ? tag.start() : javadoc.length();
        String description = oneLine(plainJavadoc(javadoc.substring(0, tagsStart)));
        Matcher end = SENTENCE_END.matcher(description);
        StringBuilder out = new StringBuilder(end.find() ? description.substring(0, end.start() + 1) : description);
        String tags = javadoc.substring(tagsStart);
        String params = "";
        Matcher p = PARAM.matcher(tags);
        while (p.find()) {
            params += "\n  " + p.group(1) + " - " + oneLine(plainJavadoc(p.group(2)));
        }
        if (!params.isEmpty()) {
            out.append("\n\nParameters:").append(params);
        }
        Matcher r = RETURN.matcher(tags);
        if (r.find()) {
            out.append(params.isEmpty() ? "\n\n" : "\n").append("Returns: ").append(oneLine(plainJavadoc(r.group(1))));
        }
        return out.toString().strip();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /**
     * Lets JShell's Javadoc lookup find the sources in {@code sourcesJar} (such as the helper jar's
     * sources), besides the JDK's. JShell searches only the JDK's {@code lib/src.zip} and has no
     * API to add a place, so its list of source places is extended through reflection; the kernel
     * JVM opens {@code jdk.jshell} for this (see {@code ptlab.kernel.Install.kernelFlags}).
     *
     * @return true if JShell now searches {@code sourcesJar}; false (and the signature alone in
     *         tooltips for those classes) on a JDK whose JShell keeps that list elsewhere
     */
    public static boolean addSources(SourceCodeAnalysis analysis, Path sourcesJar) {
        try {
            Method find = analysis.getClass().getDeclaredMethod("findSources");
            Field known = analysis.getClass().getDeclaredField("availableSources");
            find.setAccessible(true);
            known.setAccessible(true);
            List<Path> places = new ArrayList<>();
            for (Object place : (List<?>) find.invoke(analysis)) {
                places.add((Path) place);
            }
            places.add(sourcesJar);
            known.set(analysis, List.copyOf(places));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Javadoc as plain text: inline tags reduced to their text, HTML tags dropped (in one pass, so
     * that {@code {@code List<T>}} keeps its {@code <T>}).
     */
    static String plainJavadoc(String javadoc) {
        return INLINE_OR_HTML.matcher(javadoc).replaceAll(m -> m.group(1) == null ? ""
                : Matcher.quoteReplacement(inlineTag(m.group(1), m.group(2).strip()))).strip();
    }

    /** {@code {@code x}} is x; {@code {@link A#b label}} is the label, or A.b without one; {@code {@value A#B}} is A.B. */
    private static String inlineTag(String tag, String body) {
        if (tag.startsWith("link")) {
            int space = body.indexOf(' ');
            return space > 0 ? body.substring(space + 1).strip() : body.replace('#', '.');
        }
        return tag.equals("value") ? body.replace('#', '.') : body;
    }

    /**
     * Where the snippet that {@code cursor} is in starts: after magic lines and after the
     * complete snippets before the cursor.
     */
    static int snippetStart(SourceCodeAnalysis analysis, String code, int cursor) {
        String prefix = code.substring(0, cursor);
        int start = 0;
        List<MagicSyntax.Step> steps = MagicSyntax.parse(prefix).steps();
        if (!steps.isEmpty()) {
            MagicSyntax.Step last = steps.get(steps.size() - 1);
            if (!(last instanceof MagicSyntax.Code c)) {
                return cursor; // the cursor is on a magic line
            }
            start = c.offset();
        }
        String remaining = prefix.substring(start);
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete() || info.remaining().isBlank()
                    || info.completeness() == Completeness.UNKNOWN) {
                break;
            }
            start += remaining.length() - info.remaining().length();
            remaining = info.remaining();
        }
        return start;
    }

    /** The indent of the last line, one level deeper after an opening brace or parenthesis. */
    private static String indent(String code) {
        String[] lines = code.split("\n", -1);
        String last = "";
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) {
                last = lines[i];
                break;
            }
        }
        int n = 0;
        while (n < last.length() && (last.charAt(n) == ' ' || last.charAt(n) == '\t')) {
            n++;
        }
        String indent = last.substring(0, n);
        String t = last.strip();
        if (t.endsWith("{") || t.endsWith("(") || t.endsWith("[")) {
            indent += "    ";
        }
        return indent;
    }
}
