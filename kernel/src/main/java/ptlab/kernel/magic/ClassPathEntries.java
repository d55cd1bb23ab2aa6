package ptlab.kernel.magic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * The files a path or glob of {@code %jars} and {@code %classpath} names. Relative paths and
 * globs are relative to the working directory, which is the notebook's folder.
 */
final class ClassPathEntries {

    private ClassPathEntries() {
    }

    /** @return the existing files and folders {@code pathOrGlob} names, absolute; empty if none */
    static List<Path> resolve(String pathOrGlob) {
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

    /** @return the working directory, for messages */
    static String workingDirectory() {
        return Path.of("").toAbsolutePath().toString();
    }
}
