package ptlab.kernel.magic;

import java.net.URI;
import java.util.List;

/**
 * {@code %mavenRepo NAME URL} (IJava's {@code %addMavenRepo} too): adds a remote repository that
 * {@code %maven} and {@code %loadFromPOM} search after Maven Central from now on.
 */
final class MavenRepoMagic implements Magic {

    private final MavenResolver resolver;

    MavenRepoMagic(MavenResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return "mavenRepo";
    }

    @Override
    public List<String> aliases() {
        return List.of("addMavenRepo");
    }

    @Override
    public List<String> run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        if (line.args().size() != 2) {
            throw new MagicException("%" + line.name() + " needs a name and a URL, e.g. %mavenRepo jitpack https://jitpack.io");
        }
        String url = line.args().get(1);
        try {
            String scheme = URI.create(url).getScheme();
            if (scheme == null || !List.of("http", "https", "file").contains(scheme)) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new MagicException("%" + line.name() + ": '" + url + "' is not an http, https or file URL");
        }
        resolver.addRepository(line.args().get(0), url);
        return null;
    }
}
