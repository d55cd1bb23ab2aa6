package ptlab.kernel.magic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * The files a path or glob of {@code %jars} and {@code %classpath} names. Relative paths and
 * globs are relative to the working directory, which is the notebook's folder.
 */
final class ClassPathEntries {

    private ClassPathEntries() {
    }

    /**
     * The files each path or glob names, each once, in order.
     *
     * @param pathsOrGlobs what the magic's arguments name
     * @param wanted       which of the files count
     * @param missing      the message when one names none that counts
     * @throws MagicException with that message
     */
    static List<Path> find(List<String> pathsOrGlobs, Predicate<Path> wanted, Function<String, String> missing)
            throws MagicException {
        Set<Path> entries = new LinkedHashSet<>();
        for (String pathOrGlob : pathsOrGlobs) {
            List<Path> found = resolve(pathOrGlob).stream().filter(wanted).toList();
            if (found.isEmpty()) {
                throw new MagicException(missing.apply(pathOrGlob));
            }
            entries.addAll(found);
        }
        return List.copyOf(entries);
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
