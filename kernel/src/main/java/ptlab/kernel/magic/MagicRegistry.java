package ptlab.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The magics a kernel knows, by name. {@link #standard()} has the course's magics:
 * {@code %classpath}, {@code %jars}, {@code %load}, {@code %loadFromPOM}/{@code %%loadFromPOM},
 * {@code %lsmagic}, {@code %maven}, {@code %mavenRepo} and {@code %time}/{@code %%time}, with IJava's
 * aliases. Filled before the first cell, read only afterwards.
 */
public final class MagicRegistry {

    private final Map<String, Magic> magics = new TreeMap<>();
    private final Map<String, Magic> byName = new TreeMap<>(); // names and aliases

    /** An empty registry; {@link #standard()} has the course's magics. */
    public MagicRegistry() {
    }

    /** @return a registry with the standard magics */
    public static MagicRegistry standard() {
        MagicRegistry r = new MagicRegistry();
        MavenResolver maven = new MavenResolver(); // one resolver: repositories added count for every magic
        r.register(new ClassPathMagic());
        r.register(new JarsMagic());
        r.register(new LoadMagic());
        r.register(new LoadFromPomMagic(maven));
        r.register(new LsMagic(r));
        r.register(new MavenMagic(maven));
        r.register(new MavenRepoMagic(maven));
        r.register(new TimeMagic());
        return r;
    }

    /**
     * Adds a magic under its name and its aliases.
     *
     * @throws IllegalArgumentException if a magic of one of those names is registered already
     */
    public void register(Magic magic) {
        List<String> names = new ArrayList<>(magic.aliases());
        names.add(0, magic.name());
        for (String name : names) {
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException("there is a magic %" + name + " already");
            }
        }
        names.forEach(name -> byName.put(name, magic));
        magics.put(magic.name(), magic);
    }

    /** @return the magic {@code %name}, or null if there is none */
    public Magic lineMagic(String name) {
        return byName.get(name);
    }

    /** @return the magic with a cell form {@code %%name}, or null if there is none */
    public Magic cellMagic(String name) {
        Magic m = byName.get(name);
        return m != null && m.hasCellForm() ? m : null;
    }

    /** The list {@code %lsmagic} prints: line magics, then cell magics, each by name; then aliases. */
    String listing() {
        StringBuilder line = new StringBuilder("Line magics:");
        StringBuilder cell = new StringBuilder("Cell magics:");
        StringBuilder aliases = new StringBuilder();
        for (Magic m : magics.values()) {
            line.append(" %").append(m.name());
            for (String alias : m.aliases()) {
                aliases.append(aliases.isEmpty() ? "Aliases:" : ",").append(" %").append(alias).append(" = %").append(m.name());
            }
            if (m.hasCellForm()) {
                cell.append(" %%").append(m.name());
            }
        }
        return line + "\n" + cell + "\n" + (aliases.isEmpty() ? "" : aliases + "\n");
    }
}
