package ptlab.kernel.magic;

import java.util.List;

/** {@code %lsmagic}: lists the magics of its registry. */
final class LsMagic implements Magic {

    private final MagicRegistry registry;

    LsMagic(MagicRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public List<String> run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        if (!line.args().isEmpty()) {
            throw new MagicException("%lsmagic takes no arguments");
        }
        context.print(registry.listing());
        return null;
    }
}
