package ptlab.kernel.magic;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * {@code %classpath entry...}: puts folders or jars on the class path; an argument may hold
 * several, separated by {@value File#pathSeparator}. Its value is the list of entries.
 */
final class ClassPathMagic implements Magic {

    @Override
    public String name() {
        return "classpath";
    }

    @Override
    public List<String> run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        if (line.args().isEmpty()) {
            throw new MagicException("%classpath needs one or more directories or jars, e.g. %classpath classes");
        }
        List<String> entries = line.args().stream().flatMap(arg -> PathsHandler.split(arg).stream()).toList();
        List<Path> found = ClassPathEntries.find(entries, Files::exists,
                entry -> "%classpath: '" + entry + "' does not exist (in " + ClassPathEntries.workingDirectory() + ")");
        context.addToClassPath(found);
        return found.stream().map(Path::toString).toList();
    }
}
