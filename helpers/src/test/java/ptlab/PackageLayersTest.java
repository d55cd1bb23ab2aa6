package ptlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The helper packages depend on each other without a cycle, and the core stays in its layers (see the architecture
 * notes): plumbing, display frames and tables, the values, the child-process plumbing, the run loop, the engine of runs in child JVMs, the façade. Read
 * from the compiled classes with {@code jdeps -verbose:package}, as {@code jdeps -verbose:package
 * helpers/target/classes} shows.
 */
class PackageLayersTest {

    private static final Pattern EDGE = Pattern.compile("^\\s*(ptlab\\S*)\\s+->\\s+(ptlab\\S*)\\s");

    /** The core, bottom first: each may use only those before it. */
    private static final List<String> CORE = List.of("ptlab.internal", "ptlab.display", "ptlab.task", "ptlab.process", "ptlab.run",
            "ptlab.child", "ptlab");

    /** Package to the other helper packages it uses. */
    private static Map<String, Set<String>> dependencies() throws Exception {
        Path classes = Path.of(Runner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        int status = ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none", classes.toString());
        assertEquals(0, status, out.toString());
        Map<String, Set<String>> deps = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                deps.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                deps.computeIfAbsent(m.group(2), k -> new TreeSet<>());
                if (!m.group(1).equals(m.group(2))) {
                    deps.get(m.group(1)).add(m.group(2));
                }
            }
        }
        return deps;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws Exception {
        Map<String, Set<String>> left = dependencies();
        assertTrue(left.keySet().containsAll(CORE), "jdeps found the helper packages: " + left.keySet());
        Map<String, Set<String>> all = Map.copyOf(left);
        // peel off the packages that use none of those left; what cannot be peeled is on a cycle or above one
        boolean peeled = true;
        while (peeled) {
            List<String> free = left.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
            free.forEach(left::remove);
            left.values().forEach(d -> d.removeAll(free));
            peeled = !free.isEmpty();
        }
        assertEquals(Set.of(), left.keySet(), "packages on or above a cycle; dependencies: " + all);
    }

    @Test
    void theCoreUsesOnlyTheLayersBelowIt() throws Exception {
        Map<String, Set<String>> deps = dependencies();
        List<String> upward = new ArrayList<>();
        for (int i = 0; i < CORE.size(); i++) {
            for (String used : deps.get(CORE.get(i))) {
                if (!CORE.subList(0, i).contains(used)) {
                    upward.add(CORE.get(i) + " -> " + used);
                }
            }
        }
        assertEquals(List.of(), upward, "core packages using a layer above them or a topic package");
    }
}
