package ptlab.kernel.assist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.util.JavacTask;

/**
 * Whether a snippet is syntactically valid Java, by javac's parser alone (no types, no symbols:
 * a snippet that uses a variable declared earlier in the same, not yet run, cell is fine).
 * A snippet can be an import, a type, a method, a field, a statement or an expression, so it is
 * tried in one wrapper for each; it is valid if any of them parses.
 */
final class JavaSyntax {

    private static final String[][] WRAPPERS = {
        {"", "\nclass Snippet$ {}\n"},                                    // import, top-level type
        {"class Snippet$ {\n", "\n}\n"},                                  // method, field, nested type
        {"class Snippet$ { void run$() throws Throwable {\n", "\n} }\n"}, // statements
        {"class Snippet$ { Object value$ = (\n", "\n); }\n"},             // expression
    };

    private JavaSyntax() {
    }

    /** @return true if {@code snippet} parses as some kind of JShell snippet */
    static boolean parses(String snippet) {
        String expression = snippet.strip();
        if (expression.endsWith(";")) {
            expression = expression.substring(0, expression.length() - 1);
        }
        for (int i = 0; i < WRAPPERS.length; i++) {
            String body = i == WRAPPERS.length - 1 ? expression : snippet;
            if (parsesAlone(WRAPPERS[i][0] + body + WRAPPERS[i][1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean parsesAlone(String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet$.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
        try {
            task.parse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR);
    }
}
