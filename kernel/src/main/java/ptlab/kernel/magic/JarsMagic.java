package ptlab.kernel.magic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code %jars path-or-glob...}: puts jar files on the class path; its value is the list of them. */
final class JarsMagic implements Magic {

    @Override
    public String name() {
        return "jars";
    }

    @Override
    public List<String> run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        if (line.args().isEmpty()) {
            throw new MagicException("%jars needs one or more jar paths or globs, e.g. %jars lib/*.jar");
        }
        List<Path> jars = ClassPathEntries.find(line.args(), Files::isRegularFile,
                arg -> "%jars: no jar file matches '" + arg + "' (in " + ClassPathEntries.workingDirectory() + ")");
        context.addToClassPath(jars);
        return jars.stream().map(Path::toString).toList();
    }
}
