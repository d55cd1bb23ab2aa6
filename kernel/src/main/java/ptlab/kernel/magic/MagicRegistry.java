package ptlab.kernel.magic;

import java.util.Map;
import java.util.TreeMap;

/**
 * The magics a kernel knows, by name. {@link #standard()} has the course's magics:
 * {@code %classpath}, {@code %jars}, {@code %load}, {@code %lsmagic}, {@code %maven} and
 * {@code %time}/{@code %%time}. Filled before the first cell, read only afterwards.
 */
public final class MagicRegistry {

    private final Map<String, Magic> magics = new TreeMap<>();

    /** An empty registry; {@link #standard()} has the course's magics. */
    public MagicRegistry() {
    }

    /** @return a registry with the standard magics */
    public static MagicRegistry standard() {
        MagicRegistry r = new MagicRegistry();
        r.register(new ClassPathMagic());
        r.register(new JarsMagic());
        r.register(new LoadMagic());
        r.register(new LsMagic(r));
        r.register(new MavenMagic());
        r.register(new TimeMagic());
        return r;
    }

    /**
     * Adds a magic.
     *
     * @throws IllegalArgumentException if a magic of that name is registered already
     */
    public void register(Magic magic) {
        if (magics.putIfAbsent(magic.name(), magic) != null) {
            throw new IllegalArgumentException("there is a magic %" + magic.name() + " already");
        }
    }

    /** @return the magic {@code %name}, or null if there is none */
    public Magic lineMagic(String name) {
        return magics.get(name);
    }

    /** @return the magic with a cell form {@code %%name}, or null if there is none */
    public Magic cellMagic(String name) {
        Magic m = magics.get(name);
        return m != null && m.hasCellForm() ? m : null;
    }

    /** The list {@code %lsmagic} prints: line magics, then cell magics, each by name. */
    String listing() {
        StringBuilder line = new StringBuilder("Line magics:");
        StringBuilder cell = new StringBuilder("Cell magics:");
        for (Magic m : magics.values()) {
            line.append(" %").append(m.name());
            if (m.hasCellForm()) {
                cell.append(" %%").append(m.name());
            }
        }
        return line + "\n" + cell + "\n";
    }
}
