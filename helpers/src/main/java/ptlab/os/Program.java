package ptlab.os;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import ptlab.display.Displayable;
import ptlab.display.MimeBundle;
import ptlab.display.Table;
import ptlab.display.Tabular;
import ptlab.internal.Checks;
import ptlab.process.ChildProcess;
import ptlab.process.JavaCommand;

/**
 * A program on disk: a Java source file and the class file the compiler made of it, in a private temporary
 * folder. Nothing runs until {@link #run(String...)} starts it as a new process (a JVM of its own); each run is a
 * separate process with its own PID. {@link #close()} deletes the folder (so does the end of this JVM).
 *
 * <pre>{@code
 * Program hello = Program.compile("Hello", "public class Hello { ... }");
 * display(hello);            // the files, their sizes and first bytes (CA FE BA BE)
 * display(hello.run());      // what the process printed, its PID and exit status
 * hello.close();
 * }</pre>
 */
public final class Program implements Tabular, AutoCloseable {

    /** The longest source accepted: {@value} characters. */
    public static final int MAX_SOURCE_LENGTH = 100_000;

    /** How long one run may take before it is killed: 15 s. */
    public static final Duration RUN_BOUND = Duration.ofSeconds(15);

    /** The most lines of each stream kept from a run: {@value}. */
    public static final int MAX_OUTPUT_LINES = 100;

    /** The most arguments of one run: {@value}. */
    public static final int MAX_ARGUMENTS = 32;

    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,63}");
    private static final List<Path> TO_DELETE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (TO_DELETE) {
                TO_DELETE.forEach(Program::deleteTree);
            }
        }, "ptlab-program-cleanup"));
    }

    /**
     * One run of a program: the process it was, what it printed, how it ended.
     *
     * @param pid    the process ID it had
     * @param exit   how it ended, e.g. {@code exited with status 0}
     * @param code   its exit status (128 + n when killed by signal n), -1 when it never ran
     * @param stdout its stdout lines (at most {@link #MAX_OUTPUT_LINES})
     * @param stderr its stderr lines (at most {@link #MAX_OUTPUT_LINES})
     */
    public record Run(long pid, String exit, int code, List<String> stdout, List<String> stderr) implements Displayable {
        /** Copies the lists. */
        public Run {
            Checks.notNull(exit, "exit");
            stdout = List.copyOf(stdout);
            stderr = List.copyOf(stderr);
        }

        /** Its output lines, then a line with its PID and how it ended. */
        @Override
        public MimeBundle toMimeBundle() {
            return MimeBundle.of(toString());
        }

        /** Its output lines, then a line with its PID and how it ended. */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            stdout.forEach(l -> b.append(l).append('\n'));
            stderr.forEach(l -> b.append("[stderr] ").append(l).append('\n'));
            return b.append("(process ").append(pid).append(": ").append(exit).append(')').toString();
        }
    }

    private final String className;
    private final Path folder;
    private final Path source;
    private final Path classFile;
    private volatile boolean closed;

    private Program(String className, Path folder, Path source, Path classFile) {
        this.className = className;
        this.folder = folder;
        this.source = source;
        this.classFile = classFile;
    }

    /**
     * Writes {@code source} to {@code <className>.java} in a new private temporary folder and compiles it there with
     * the JDK's compiler ({@code javax.tools}).
     *
     * @param className the public class the source declares, with a {@code main} method (a simple name)
     * @param source    the Java source, at most {@value #MAX_SOURCE_LENGTH} characters
     * @throws IllegalArgumentException when the source does not compile (the message has the compiler's errors)
     * @throws IllegalStateException    when this Java runtime has no compiler
     * @throws IOException              when the folder cannot be written
     */
    public static Program compile(String className, String source) throws IOException {
        Checks.notNull(className, "className");
        Checks.notNull(source, "source");
        if (!CLASS_NAME.matcher(className).matches()) {
            throw new IllegalArgumentException("className = \"" + className + "\" is not allowed; allowed: a simple Java class name, 1 to 64 characters");
        }
        Checks.range(source.length(), 1, MAX_SOURCE_LENGTH, "source.length()", "characters");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("this Java runtime has no compiler (javax.tools): run the course on a JDK");
        }
        Path folder = Files.createTempDirectory("ptlab-program-");
        synchronized (TO_DELETE) {
            TO_DELETE.add(folder);
        }
        try {
            Path src = folder.resolve(className + ".java");
            Files.writeString(src, source, StandardCharsets.UTF_8);
            StringWriter errors = new StringWriter();
            int status = compiler.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    errors.write(b);
                }
            }, true, StandardCharsets.UTF_8), "-d", folder.toString(), "-encoding", "UTF-8", src.toString());
            Path cls = folder.resolve(className + ".class");
            if (status != 0 || !Files.isRegularFile(cls)) {
                throw new IllegalArgumentException("source does not compile:\n" + errors.toString().replace(folder + "/", ""));
            }
            return new Program(className, folder, src, cls);
        } catch (IOException | RuntimeException e) {
            forget(folder);
            throw e;
        }
    }

    /** The class name. */
    public String className() {
        return className;
    }

    /** The source file on disk. */
    public Path sourceFile() {
        return source;
    }

    /** The class file on disk (bytecode). */
    public Path classFile() {
        return classFile;
    }

    /** The class file's size in bytes. */
    public long classBytes() throws IOException {
        return Files.size(classFile);
    }

    /** The source file's size in bytes. */
    public long sourceBytes() throws IOException {
        return Files.size(source);
    }

    /** The first {@code n} bytes of the class file in hex, e.g. {@code CA FE BA BE 00 00 00 41}. */
    public String firstBytes(int n) throws IOException {
        Checks.range(n, 1, 64, "n", "bytes");
        byte[] all = Files.readAllBytes(classFile);
        byte[] head = java.util.Arrays.copyOf(all, Math.min(n, all.length));
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(head);
    }

    /** How many processes run this program right now (0 until {@link #run(String...)}: a file does nothing). */
    public long runningCopies() {
        String dir = folder.toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(dir)).orElse(false))
                .count();
    }

    /**
     * Starts the program as a new process (a JVM: {@code java -cp <folder> <className> args}), waits for it to end
     * (at most {@link #RUN_BOUND}) and returns what it printed. If the calling thread is interrupted, the process is
     * killed and {@link InterruptedException} is thrown.
     *
     * @param args the program's arguments, at most {@value #MAX_ARGUMENTS}
     */
    public Run run(String... args) throws InterruptedException {
        Checks.noNulls(args, "args");
        Checks.cap(args.length, MAX_ARGUMENTS, "args", "arguments", "Program.MAX_ARGUMENTS");
        if (closed) {
            throw new IllegalStateException("this program was closed: its files are deleted");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(JavaCommand.java());
        cmd.addAll(List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-UsePerfData",
                "-Dstdout.encoding=UTF-8", "-cp", folder.toString(), className));
        cmd.addAll(List.of(args));
        ChildProcess.Result r = ChildProcess.run(className, cmd, JavaCommand.environment(), RUN_BOUND, MAX_OUTPUT_LINES);
        return new Run(r.pid(), r.exit().describe(), r.exit().code(), r.stdout(), r.stderr());
    }

    /** Deletes the folder with the files. Safe to call more than once. */
    @Override
    public void close() {
        closed = true;
        forget(folder);
    }

    /** True when the files still exist. */
    public boolean exists() {
        return Files.exists(folder);
    }

    private static void forget(Path folder) {
        deleteTree(folder);
        synchronized (TO_DELETE) {
            TO_DELETE.remove(folder);
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort; the OS cleans its temp folder eventually
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    /** The two files: name, size, first bytes, what they are. */
    @Override
    public Table table() {
        try {
            return Table.builder("file", "bytes", "first bytes", "what it is").alignRight(1)
                    .title("program " + className + " on disk (private folder " + folder.getFileName() + ")")
                    .row(source.getFileName(), sourceBytes(), HexFormat.ofDelimiter(" ").withUpperCase()
                                    .formatHex(java.util.Arrays.copyOf(Files.readAllBytes(source), 8)),
                            "text you wrote: Java source")
                    .row(classFile.getFileName(), classBytes(), firstBytes(8),
                            "bytecode for the JVM: starts with CA FE BA BE, then the class-file version")
                    .build();
        } catch (IOException e) {
            return Table.builder("file").title("the program's files cannot be read: " + e.getMessage()).build();
        }
    }


    /** The table's text. */
    @Override
    public String toString() {
        return table().toString();
    }
}
