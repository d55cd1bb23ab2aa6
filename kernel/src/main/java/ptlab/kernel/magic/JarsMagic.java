package ptlab.kernel.magic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code %jars path-or-glob...}: puts jar files on the class path. */
final class JarsMagic implements Magic {

    @Override
    public String name() {
        return "jars";
    }

    @Override
    public void run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        context.addToClassPath(jars(line.args()));
    }

    /** The jar files the arguments name, each once. */
    static List<Path> jars(List<String> args) throws MagicException {
        if (args.isEmpty()) {
            throw new MagicException("%jars needs one or more jar paths or globs, e.g. %jars lib/*.jar");
        }
        Set<Path> jars = new LinkedHashSet<>();
        for (String arg : args) {
            List<Path> found = new ArrayList<>();
            for (Path p : ClassPathEntries.resolve(arg)) {
                if (Files.isRegularFile(p)) {
                    found.add(p);
                }
            }
            if (found.isEmpty()) {
                throw new MagicException("%jars: no jar file matches '" + arg + "' (in "
                        + ClassPathEntries.workingDirectory() + ")");
            }
            jars.addAll(found);
        }
        return List.copyOf(jars);
    }
}
