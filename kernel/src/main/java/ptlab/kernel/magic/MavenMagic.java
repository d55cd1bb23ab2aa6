package ptlab.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.util.artifact.JavaScopes;

/**
 * {@code %maven coordinates...} (IJava's names {@code %addMavenDependency} and
 * {@code %addMavenDependencies} too): puts the artifacts and their runtime dependencies on the
 * class path (through the kernel's {@link MavenResolver}) and says which jars it added. Its value
 * is the list of those jars. Coordinates are Maven's {@code group:artifact:version} (also with
 * extension and classifier) or Ivy's {@code group#artifact;version}, as IJava accepts them.
 */
final class MavenMagic implements Magic {

    private static final Pattern MAVEN = Pattern.compile("[^:\\s#;]+(:[^:\\s#;]+){2,4}");
    private static final Pattern IVY = Pattern.compile("([^:\\s#;]+)#([^:\\s#;]+);([^:\\s#;]+)");

    private final MavenResolver resolver;

    MavenMagic(MavenResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public List<String> aliases() {
        return List.of("addMavenDependency", "addMavenDependencies");
    }

    @Override
    public List<String> run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        if (line.args().isEmpty()) {
            throw new MagicException("%" + line.name() + " needs one or more group:artifact:version, "
                    + "e.g. %maven org.apache.commons:commons-lang3:3.17.0");
        }
        List<Dependency> dependencies = new ArrayList<>();
        for (String arg : line.args()) {
            dependencies.add(new Dependency(new DefaultArtifact(coordinates(line.name(), arg)), JavaScopes.RUNTIME));
        }
        List<Path> jars = resolver.resolve("%" + line.name(), dependencies, Map.of(), context::interrupted);
        return addJars(jars, context);
    }

    /** {@code group:artifact[:extension[:classifier]]:version} from Maven's or Ivy's form. */
    static String coordinates(String magic, String arg) throws MagicException {
        Matcher ivy = IVY.matcher(arg);
        if (ivy.matches()) {
            return ivy.group(1) + ":" + ivy.group(2) + ":" + ivy.group(3);
        }
        if (!MAVEN.matcher(arg).matches()) {
            throw new MagicException("%" + magic + ": '" + arg + "' is not group:artifact:version (or Ivy's group#artifact;version)");
        }
        return arg;
    }

    /** Puts {@code jars} on the class path, says so, and returns them as the magic's value. */
    static List<String> addJars(List<Path> jars, MagicContext context) {
        context.addToClassPath(jars);
        context.print("Added " + jars.size() + " jar" + (jars.size() == 1 ? "" : "s") + " to the class path: "
                + String.join(", ", jars.stream().map(p -> p.getFileName().toString()).toList()) + "\n");
        return jars.stream().map(Path::toString).toList();
    }
}
