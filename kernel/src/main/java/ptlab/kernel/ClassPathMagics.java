package ptlab.kernel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * The arguments of {@code %jars}, {@code %classpath} and {@code %maven}, checked and turned into
 * class path entries. Relative paths and globs are relative to the working directory, which is
 * the notebook's folder. Every mistake is a {@link MagicException} with a one-line message.
 */
final class ClassPathMagics {

    private static final Pattern COORDINATES = Pattern.compile("[^:\\s]+(:[^:\\s]+){2,4}");

    private MavenArtifacts maven; // created on first %maven

    /** {@code %jars path-or-glob...}: jar files. */
    List<Path> jars(List<String> args) throws MagicException {
        if (args.isEmpty()) {
            throw new MagicException("%jars needs one or more jar paths or globs, e.g. %jars lib/*.jar");
        }
        Set<Path> jars = new LinkedHashSet<>();
        for (String arg : args) {
            List<Path> found = new ArrayList<>();
            for (Path p : resolve(arg)) {
                if (Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
            if (found.isEmpty()) {
                throw new MagicException("%jars: no jar file matches '" + arg + "' (in " + workingDirectory() + ")");
            }
            jars.addAll(found);
        }
        return List.copyOf(jars);
    }

    /** {@code %classpath entry...}: directories or jars; an argument may hold several, separated by {@value File#pathSeparator}. */
    List<Path> classpath(List<String> args) throws MagicException {
        if (args.isEmpty()) {
            throw new MagicException("%classpath needs one or more directories or jars, e.g. %classpath classes");
        }
        Set<Path> entries = new LinkedHashSet<>();
        for (String arg : args) {
            for (String entry : PathsHandler.split(arg)) {
                List<Path> found = resolve(entry).stream().filter(Files::exists).toList();
                if (found.isEmpty()) {
                    throw new MagicException("%classpath: '" + entry + "' does not exist (in " + workingDirectory() + ")");
                }
                entries.addAll(found);
            }
        }
        return List.copyOf(entries);
    }

    /** {@code %maven group:artifact:version...}: the artifacts and their runtime dependencies. */
    List<Path> maven(List<String> args) throws MagicException {
        if (args.isEmpty()) {
            throw new MagicException("%maven needs one or more group:artifact:version, e.g. %maven org.apache.commons:commons-lang3:3.17.0");
        }
        for (String arg : args) {
            if (!COORDINATES.matcher(arg).matches()) {
                throw new MagicException("%maven: '" + arg + "' is not group:artifact:version");
            }
        }
        Set<Path> jars = new LinkedHashSet<>();
        for (String arg : args) {
            try {
                if (maven == null) {
                    maven = new MavenArtifacts();
                }
                jars.addAll(maven.resolve(arg));
            } catch (Exception e) {
                throw new MagicException("%maven: could not resolve " + arg + ": " + rootMessage(e));
            }
        }
        return List.copyOf(jars);
    }

    private static List<Path> resolve(String pathOrGlob) {
        if (pathOrGlob.indexOf('*') < 0 && pathOrGlob.indexOf('?') < 0) {
            Path p = Path.of(pathOrGlob).toAbsolutePath().normalize();
            return Files.exists(p) ? List.of(p) : List.of();
        }
        try {
            return PathsHandler.resolveGlobs(pathOrGlob).stream().map(p -> p.toAbsolutePath().normalize()).toList();
        } catch (RuntimeException e) {
            return List.of(); // e.g. a folder of the glob does not exist: nothing matches
        }
    }

    private static String workingDirectory() {
        return Path.of("").toAbsolutePath().toString();
    }

    /** The innermost message, on one line. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }
}
