package ptlab.kernel;

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
 * The kernel's packages depend on each other without a cycle, and the cell agent's package
 * (alone in {@code ptlab-cell.jar}) on none of the others. Read from the compiled classes with
 * {@code jdeps -verbose:package}, as {@code jdeps -verbose:package kernel/target/classes} shows.
 */
class PackageCyclesTest {

    private static final Pattern EDGE = Pattern.compile("^\\s*(ptlab\\.kernel\\S*)\\s+->\\s+(ptlab\\.kernel\\S*)\\s");

    /** Package to the other kernel packages it uses. */
    static Map<String, Set<String>> dependencies() throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        int status = ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none", classes.toString());
        assertEquals(0, status, out.toString());
        Map<String, Set<String>> deps = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                deps.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                if (!m.group(1).equals(m.group(2))) {
                    deps.get(m.group(1)).add(m.group(2));
                }
            }
        }
        return deps;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws Exception {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.size() >= 8, "jdeps found the kernel's packages: " + deps.keySet());
        List<String> cycles = new ArrayList<>();
        for (String start : deps.keySet()) {
            if (reaches(deps, start, start, new TreeSet<>())) {
                cycles.add(start);
            }
        }
        assertEquals(List.of(), cycles, "packages on a cycle; dependencies: " + deps);
    }

    @Test
    void theCellAgentUsesNoOtherKernelPackage() throws Exception {
        assertEquals(Set.of(), dependencies().get("ptlab.kernel.cell"));
    }

    private static boolean reaches(Map<String, Set<String>> deps, String from, String target, Set<String> seen) {
        for (String next : deps.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(deps, next, target, seen))) {
                return true;
            }
        }
        return false;
    }
}
