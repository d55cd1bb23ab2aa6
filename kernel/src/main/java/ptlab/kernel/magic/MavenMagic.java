package ptlab.kernel.magic;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code %maven group:artifact:version...}: puts the artifacts and their runtime dependencies
 * on the class path (see {@link MavenArtifacts}) and says which jars it added.
 */
final class MavenMagic implements Magic {

    private static final Pattern COORDINATES = Pattern.compile("[^:\\s]+(:[^:\\s]+){2,4}");

    private MavenArtifacts maven; // created on first use: nothing of Maven Resolver loads before

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public void run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        List<Path> jars = resolve(line.args());
        context.addToClassPath(jars);
        context.print("Added " + jars.size() + " jar" + (jars.size() == 1 ? "" : "s") + " to the class path: "
                + String.join(", ", jars.stream().map(p -> p.getFileName().toString()).toList()) + "\n");
    }

    /** The jars of the artifacts, each once; the coordinates are all checked before any download. */
    List<Path> resolve(List<String> args) throws MagicException {
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
                throw new MagicException("%maven: could not resolve " + arg, e);
            }
        }
        return List.copyOf(jars);
    }
}
