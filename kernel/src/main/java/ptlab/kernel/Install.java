package ptlab.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.GsonBuilder;

/**
 * Installs the kernelspec {@code ptlab-java}:
 *
 * <pre>
 * java -cp build/lib/ptlab-kernel.jar ptlab.kernel.Install --kernels-dir DIR   # DIR/ptlab-java/kernel.json
 *                                                          --prefix P          # P/share/jupyter/kernels
 *                                                          --user              # the user's Jupyter data dir
 *      [--jar PATH]   the kernel jar to run (default: the jar this installer was loaded from)
 *      [--no-cds]     do not build the class-data-sharing archive
 * </pre>
 *
 * <p>{@code kernel.json} runs the kernel with the {@code java} that runs the installer (so the
 * JDK chosen at install time is the one used later) and the JVM flags in {@link #kernelFlags}.
 * Unless {@code --no-cds}, it also builds a class-data-sharing archive next to the
 * jar by a short training run of the kernel (it loads the kernel's, javac's and JShell's classes
 * faster at every start): on JDK 25 or newer an AOT cache {@code ptlab-kernel-KEY.aot} (JEP 483,
 * 514, 515), before that an AppCDS archive {@code ptlab-kernel.jsa}. If the jar changes later, the
 * stale archive is not used; installing again rebuilds it.
 */
public final class Install {

    /** The kernelspec's name, which notebooks refer to. */
    public static final String KERNEL_NAME = "ptlab-java";
    static final String DISPLAY_NAME = "Java (ptlab)";
    static final String CDS_ARCHIVE = "ptlab-kernel.jsa";
    /** The AOT cache's name before its key (JDK 25 or newer). */
    static final String AOT_PREFIX = "ptlab-kernel-";

    private Install() {
    }

    /**
     * Command line entry.
     *
     * @param args see the class comment
     */
    public static void main(String[] args) {
        try {
            Path spec = install(args);
            System.out.println("Installed kernelspec " + KERNEL_NAME + " in " + spec.getParent());
        } catch (IllegalArgumentException e) {
            System.err.println("Install: " + e.getMessage());
            System.err.println("usage: java -cp ptlab-kernel.jar ptlab.kernel.Install"
                    + " (--kernels-dir DIR | --prefix P | --user) [--jar PATH] [--no-cds]");
            System.exit(2);
        } catch (IOException e) {
            System.err.println("Install failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Writes {@code <kernels dir>/ptlab-java/kernel.json}.
     *
     * @return the path of the written kernel.json
     * @throws IllegalArgumentException on bad arguments, or if this Java is not a JDK 21+
     * @throws IOException              if the file cannot be written
     */
    static Path install(String[] args) throws IOException {
        Path kernelsDir = null;
        Path jar = null;
        boolean cds = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kernels-dir" -> kernelsDir = Path.of(value(args, ++i, "--kernels-dir"));
                case "--prefix" -> kernelsDir = Path.of(value(args, ++i, "--prefix"), "share", "jupyter", "kernels");
                case "--user" -> kernelsDir = userKernelsDir();
                case "--jar" -> jar = Path.of(value(args, ++i, "--jar"));
                case "--no-cds" -> cds = false;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (kernelsDir == null) {
            throw new IllegalArgumentException("say where to install: --kernels-dir DIR, --prefix P or --user");
        }
        checkJdk();
        jar = (jar == null ? ownJar() : jar).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("the kernel jar " + jar + " does not exist");
        }
        Path java = javaExecutable();
        Path archive = archivePath(jar);
        boolean archived = cds && buildArchive(java, jar, archive);

        Path dir = kernelsDir.toAbsolutePath().normalize().resolve(KERNEL_NAME);
        Files.createDirectories(dir);
        Path file = dir.resolve("kernel.json");
        Files.writeString(file, kernelJson(java, jar, archived ? archive : null), StandardCharsets.UTF_8);
        return file;
    }

    /** The JVM flags of the kernel JVM (not the cell JVM, which gets its own, see CellJvmSpec). */
    static List<String> kernelFlags(Path archive) {
        List<String> flags = new ArrayList<>(List.of(
                "-Xmx256m",                    // javac for small snippets; the cell JVM has the big heap
                "-XX:+UseSerialGC",            // small heap, 1-2 CPUs: least footprint and start-up
                "-XX:TieredStopAtLevel=1",     // C1 only: javac warms up sooner
                "-Xss2m",
                // CodeAssist.addSources: JShell's Javadoc lookup also searches the helpers' sources
                "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED"));
        if (archive != null && archive.getFileName().toString().endsWith(".aot")) {
            // JDK 25: classes loaded and linked, lambda forms and method profiles from the training run.
            // A missing cache is skipped silently; its name follows the jar, so a rebuilt jar finds none.
            flags.add("-XX:AOTCache=" + archive);
            flags.add("-Xlog:aot=off");
            flags.add("-Xlog:cds=off");
        } else if (archive != null) {
            // A missing or stale archive (the jar changed after installing) is skipped silently;
            // installing again rebuilds it.
            flags.add("-XX:SharedArchiveFile=" + archive);
            flags.add("-Xlog:cds=off,cds+dynamic=off");
        }
        return flags;
    }

    /** True when this JDK has AOT caches (JEP 483, Java 25 or newer); else the archive is an AppCDS one. */
    static boolean aot() {
        return Runtime.version().feature() >= 25;
    }

    /**
     * The archive for {@code jar} and this JDK, next to the jar: on JDK 25 the AOT cache
     * {@code ptlab-kernel-KEY.aot}, KEY from the jar's size and time and the JDK (JDK 25 would
     * use a cache built from an older jar without a word); before, {@value #CDS_ARCHIVE}, which
     * the JVM itself checks against the jar.
     */
    static Path archivePath(Path jar) throws IOException {
        if (!aot()) {
            return jar.resolveSibling(CDS_ARCHIVE);
        }
        String key = Files.size(jar) + "/" + Files.getLastModifiedTime(jar).toMillis() + "/"
                + System.getProperty("java.home") + "/" + Runtime.version();
        return jar.resolveSibling(AOT_PREFIX + String.format("%08x", key.hashCode()) + ".aot");
    }

    /** The content of kernel.json. */
    static String kernelJson(Path java, Path jar, Path archive) {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.addAll(kernelFlags(archive));
        argv.add("-jar");
        argv.add(jar.toString());
        argv.add("{connection_file}");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv);
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message");
        spec.put("metadata", Map.of("debugger", false));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
    }

    /**
     * Runs the kernel's {@link Training} once with the kernel's JVM flags, so that the JVM writes
     * the classes it loaded into the AppCDS archive at exit. A failure here is not fatal: the
     * kernel then starts without an archive.
     *
     * @return true if the archive was written
     */
    private static boolean buildArchive(Path java, Path jar, Path archive) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(kernelFlags(null));
        if (aot()) {
            cmd.addAll(List.of("-XX:AOTCacheOutput=" + archive, "-Xlog:aot=off", "-Xlog:cds=off"));
        } else {
            cmd.add("-XX:ArchiveClassesAtExit=" + archive);
        }
        cmd.add("-cp");
        cmd.add(jar.toString());
        cmd.add(Training.class.getName());
        try {
            deleteArchives(archive.getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                System.err.println("Install: the training run for the CDS archive timed out; continuing without it");
            } else if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
                System.err.println("Install: no CDS archive was written (exit status " + p.exitValue() + "); continuing without it");
            } else {
                return true;
            }
        } catch (IOException e) {
            System.err.println("Install: cannot build the CDS archive: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Removes the archives of earlier installs next to the jar (their jar is gone). */
    private static void deleteArchives(Path dir) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "{" + CDS_ARCHIVE + "," + AOT_PREFIX + "*.aot}")) {
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** The java of this JVM, which must be a JDK 21 or newer (JShell and JDI are needed). */
    static Path javaExecutable() {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    private static void checkJdk() {
        if (Runtime.version().feature() < 21) {
            throw new IllegalArgumentException("Java " + Runtime.version().feature() + " is too old; the kernel needs a JDK 21 or newer");
        }
        for (String module : List.of("jdk.jshell", "jdk.jdi", "jdk.compiler")) {
            if (ModuleLayer.boot().findModule(module).isEmpty()) {
                throw new IllegalArgumentException(System.getProperty("java.home") + " is not a full JDK (module "
                        + module + " is missing)");
            }
        }
    }

    private static Path ownJar() throws IOException {
        Path self = Main.ownLocation();
        if (!Files.isRegularFile(self)) {
            throw new IllegalArgumentException("not running from a jar (" + self + "); say which with --jar PATH");
        }
        return self;
    }

    /** Jupyter's per-user data dir plus "kernels", for this user and platform. */
    static Path userKernelsDir() {
        return userKernelsDir(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }

    /** $JUPYTER_DATA_DIR, else Jupyter's platform default (XDG on Linux), plus "kernels". */
    static Path userKernelsDir(Map<String, String> env, String osName, String home) {
        String data = env.get("JUPYTER_DATA_DIR");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "kernels");
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return Path.of(home, "Library", "Jupyter", "kernels");
        }
        if (os.startsWith("windows")) {
            String appData = env.get("APPDATA");
            return Path.of(appData == null ? home : appData, "jupyter", "kernels");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg == null || xdg.isBlank() ? Path.of(home, ".local", "share") : Path.of(xdg)).resolve("jupyter").resolve("kernels");
    }
}
