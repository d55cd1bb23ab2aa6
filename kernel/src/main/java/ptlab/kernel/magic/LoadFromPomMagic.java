package ptlab.kernel.magic;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code %loadFromPOM pom.xml [scope...]}: puts a POM's dependencies (scopes compile and runtime
 * unless named) on the class path, resolved from its repositories and the kernel's, as IJava does.
 * {@code %%loadFromPOM} takes the POM, or loose {@code <dependency>} and {@code <repository>}
 * elements, in the cell's body. Its value is the list of jars added. See {@link PomDependencies}.
 */
final class LoadFromPomMagic implements Magic {

    private static final Set<String> DEFAULT_SCOPES = Set.of("compile", "runtime");

    private final MavenResolver resolver;

    LoadFromPomMagic(MavenResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return "loadFromPOM";
    }

    @Override
    public List<String> run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        if (line.args().isEmpty()) {
            throw new MagicException("%loadFromPOM needs a POM file, e.g. %loadFromPOM pom.xml");
        }
        String arg = line.args().get(0);
        return load(LoadMagic.read("loadFromPOM", arg), "%loadFromPOM " + arg, line.args().subList(1, line.args().size()), context);
    }

    @Override
    public boolean hasCellForm() {
        return true;
    }

    @Override
    public List<String> runCell(MagicSyntax.CellMagic cell, MagicContext context) throws MagicException {
        return load(cell.body(), "%%loadFromPOM", cell.args(), context);
    }

    private List<String> load(String xml, String name, List<String> scopes, MagicContext context) throws MagicException {
        PomDependencies pom = PomDependencies.read(xml, name, scopes.isEmpty() ? DEFAULT_SCOPES : new LinkedHashSet<>(scopes));
        if (pom.dependencies().isEmpty()) {
            throw new MagicException(name + ": no dependencies in the scopes " + (scopes.isEmpty() ? DEFAULT_SCOPES : scopes));
        }
        List<Path> jars = resolver.resolve(name, pom.dependencies(), pom.repositories(), context::interrupted);
        return MavenMagic.addJars(jars, context);
    }
}
