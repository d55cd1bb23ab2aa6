package ptlab.kernel.session;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

import ptlab.kernel.assist.CodeAssist;
import ptlab.kernel.output.OutputRouter;

/**
 * One JShell and the cell JVM it runs snippets in. When the cell JVM ends, JShell closes and so
 * does the session; the kernel then starts a new one (see {@link Sessions}).
 */
public final class CellSession implements AutoCloseable {

    /** JShell's default imports, as the jshell tool has them (docs/architecture.md). */
    static final List<String> DEFAULT_IMPORTS = List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;");
    static final String DISPLAY_IMPORT = "import static ptlab.display.Display.*;";
    /** The helper jar's sources, next to it; JShell reads the helpers' Javadoc from here. */
    static final String HELPER_SOURCES = "ptlab-helpers-sources.jar";

    private final JShell jshell;
    private final CellJvmControl jvm;
    private final CellJvmSpec spec;
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private CellSession(JShell jshell, CellJvmControl jvm, CellJvmSpec spec) {
        this.jshell = jshell;
        this.jvm = jvm;
        this.spec = spec;
    }

    /**
     * Starts a cell JVM with JShell connected to it, puts the helper jar and {@code classPath} on
     * the class path, runs the hidden start-up imports and warms the compiler up.
     *
     * @param spec      how to start the cell JVM
     * @param output    where the cell JVM's output goes
     * @param classPath entries added by magics earlier (kept across restarts of the cell JVM)
     */
    static CellSession start(CellJvmSpec spec, OutputRouter output, List<Path> classPath) {
        if (!Files.isRegularFile(spec.cellJar())) {
            throw new IllegalStateException(spec.cellJar() + " is missing (it belongs next to the kernel jar)");
        }
        long starting = Phases.now();
        CellJvmProvider provider = new CellJvmProvider(output.processStdout(), output.processStderr());
        JShell jshell = JShell.builder()
                .executionEngine(provider, Map.of())
                .out(new PrintStream(output.stdout(), true, StandardCharsets.UTF_8))
                .err(new PrintStream(output.stderr(), true, StandardCharsets.UTF_8))
                .in(InputStream.nullInputStream()) // cells read end-of-file from System.in
                .remoteVMOptions(spec.vmOptions().toArray(String[]::new))
                .build();
        // JShell is there at once and the cell JVM starts meanwhile (StartingControl): the class path,
        // the imports and javac's first, cold compiles happen in parallel with it, their classes are
        // sent once it is up, and the warm-up's run waits for it
        CellJvmControl jvm;
        try {
            // first: a class path entry starts javac's work over (its task pool is renewed)
            if (spec.hasHelpers()) {
                jshell.addToClasspath(spec.helpersJar().toAbsolutePath().toString());
            }
            for (Path p : classPath) {
                jshell.addToClasspath(p.toString());
            }
            List<String> imports = new ArrayList<>(DEFAULT_IMPORTS);
            if (spec.hasDisplayClass()) {
                imports.add(DISPLAY_IMPORT);
            }
            for (String i : imports) {
                jshell.eval(i);
            }
            warmUp(jshell);
            jvm = provider.control(); // up by now: the snippets above ran there
        } catch (RuntimeException e) {
            jshell.close(); // ends the cell JVM, now or once it is up
            provider.control(); // a JVM that could not start says why
            throw e;
        }
        CellSession session = new CellSession(jshell, jvm, spec);
        jshell.onShutdown(j -> session.closed = true);
        if (Phases.on()) {
            jvm.cellsRun = true;
            Phases.started(jvm.launchNanos, jvm.attachNanos, Phases.now() - starting);
        }
        return session;
    }

    /**
     * Compiles and runs a throw-away expression and drops it, so that the first real cell does
     * not pay for loading javac's and the agent's classes. Its run is the start-up's first call
     * that waits for the cell JVM (see {@link StartingControl}).
     *
     * @throws IllegalStateException if it did not run: the cell JVM or its start-up failed
     */
    private static void warmUp(JShell jshell) {
        boolean ran = false;
        for (SnippetEvent e : jshell.eval("\"\".length() + 1")) {
            if (e.causeSnippet() == null && e.status() == Snippet.Status.VALID && e.exception() == null) {
                jshell.drop(e.snippet());
                ran = true;
            }
        }
        if (!ran) {
            throw new IllegalStateException("the cell JVM did not run the start-up snippets");
        }
    }

    /**
     * Has JShell read the helpers' Javadoc for tooltips from the sources jar built next to the
     * helper jar. Makes JShell's analysis, which indexes the class path in the background, and
     * opens the JDK's sources: some 100 ms, so it comes after the start, not before the first
     * cell. (A tooltip asked for before it is done shows a helper's signature only.)
     */
    void addHelperSources() {
        Path sources = spec.helpersJar().resolveSibling(HELPER_SOURCES);
        if (spec.hasHelpers() && Files.isRegularFile(sources)) {
            try {
                CodeAssist.addSources(jshell.sourceCodeAnalysis(), sources.toAbsolutePath());
            } catch (IllegalStateException e) {
                // JShell is closed: the cell JVM ended meanwhile
            }
        }
    }

    /** @return the JShell instance (closed once the cell JVM is gone) */
    public JShell jshell() {
        return jshell;
    }

    /** @return the engine of the cell JVM */
    public CellJvmControl jvm() {
        return jvm;
    }

    /** @return the cell JVM's PID */
    public long pid() {
        return jvm.process().pid();
    }

    /** @return true while the cell JVM runs and JShell is open */
    public boolean isAlive() {
        return !closed && jvm.process().isAlive();
    }

    /** Records where a snippet came from, for stack traces. */
    public void origin(Snippet s, SnippetOrigin origin) {
        origins.put(s.id(), origin);
    }

    /** @return where the snippet with this id came from, or null */
    public SnippetOrigin origin(String snippetId) {
        return origins.get(snippetId);
    }

    /** Ends the cell JVM (and every process below it) at once, then closes JShell. */
    @Override
    public void close() {
        closed = true;
        jvm.destroy();
        try {
            jshell.close();
        } catch (RuntimeException e) {
            // already closed
        }
    }
}
