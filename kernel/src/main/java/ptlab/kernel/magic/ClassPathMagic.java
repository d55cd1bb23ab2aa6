package ptlab.kernel.magic;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * {@code %classpath entry...}: puts folders or jars on the class path; an argument may hold
 * several, separated by {@value File#pathSeparator}.
 */
final class ClassPathMagic implements Magic {

    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public void run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        context.addToClassPath(entries(line.args()));
    }

    /** The folders and files the arguments name, each once. */
    static List<Path> entries(List<String> args) throws MagicException {
        if (args.isEmpty()) {
            throw new MagicException("%classpath needs one or more directories or jars, e.g. %classpath classes");
        }
        Set<Path> entries = new LinkedHashSet<>();
        for (String arg : args) {
            for (String entry : PathsHandler.split(arg)) {
                List<Path> found = ClassPathEntries.resolve(entry).stream().filter(Files::exists).toList();
                if (found.isEmpty()) {
                    throw new MagicException("%classpath: '" + entry + "' does not exist (in "
                            + ClassPathEntries.workingDirectory() + ")");
                }
                entries.addAll(found);
            }
        }
        return List.copyOf(entries);
    }
}
