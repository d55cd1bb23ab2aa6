package ptlab.kernel.magic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.w3c.dom.Element;

/**
 * The dependencies and repositories of a POM, as {@code %loadFromPOM} uses them: the
 * {@code <dependencies>} (versions from {@code <dependencyManagement>} where missing,
 * {@code ${property}} references from {@code <properties>} and the project's own coordinates),
 * with their exclusions, and the {@code <repositories>}. A fragment of {@code <dependency>} and
 * {@code <repository>} elements (IJava's {@code %%loadFromPOM}) reads as a POM with just those.
 * A parent POM is not read: a version that only the parent has is an error that says so.
 *
 * @param dependencies the dependencies in the wanted scopes
 * @param repositories the repositories, id to URL
 */
record PomDependencies(List<Dependency> dependencies, Map<String, String> repositories) {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /**
     * Reads a POM or a fragment of one.
     *
     * @param xml    the text
     * @param name   how messages name it (the file, or {@code %%loadFromPOM})
     * @param scopes the scopes wanted, e.g. compile and runtime
     * @throws MagicException if it is not XML, or a dependency lacks something
     */
    static PomDependencies read(String xml, String name, Set<String> scopes) throws MagicException {
        String text = xml.contains("<project") ? xml : "<project>" + xml.replaceFirst("^\\s*<\\?xml[^>]*\\?>", "") + "</project>";
        Element project;
        try {
            project = MavenSettings.parse(text);
        } catch (Exception e) {
            throw new MagicException(name + " is not a POM", e);
        }
        Map<String, String> properties = properties(project);
        Map<String, String> managed = new HashMap<>();
        for (Element d : dependencyElements(MavenSettings.child(project, "dependencyManagement"))) {
            managed.put(key(d, properties), value(d, "version", properties));
        }
        boolean hasParent = MavenSettings.child(project, "parent") != null;
        List<Dependency> dependencies = new ArrayList<>();
        for (Element d : dependencyElements(project)) {
            String scope = value(d, "scope", properties);
            scope = scope == null ? "compile" : scope;
            if (!scopes.contains(scope)) {
                continue;
            }
            String key = key(d, properties);
            String version = value(d, "version", properties);
            version = version != null ? version : managed.get(key);
            if (key.startsWith("null:") || key.endsWith(":null")) {
                throw new MagicException(name + ": a <dependency> needs a <groupId> and an <artifactId>");
            }
            if (version == null) {
                throw new MagicException(name + ": " + key + " has no <version>"
                        + (hasParent ? " (it may come from the parent POM, which %loadFromPOM does not read)" : ""));
            }
            String type = value(d, "type", properties);
            String[] ga = key.split(":");
            DefaultArtifact artifact = new DefaultArtifact(ga[0], ga[1], value(d, "classifier", properties),
                    type == null ? "jar" : type, version);
            List<Exclusion> exclusions = new ArrayList<>();
            for (Element x : MavenSettings.children(MavenSettings.child(d, "exclusions"), "exclusion")) {
                exclusions.add(new Exclusion(value(x, "groupId", properties), value(x, "artifactId", properties), "*", "*"));
            }
            dependencies.add(new Dependency(artifact, scope, "true".equals(value(d, "optional", properties)), exclusions));
        }
        Map<String, String> repositories = new LinkedHashMap<>();
        List<Element> repos = new ArrayList<>(MavenSettings.children(MavenSettings.child(project, "repositories"), "repository"));
        repos.addAll(MavenSettings.children(project, "repository"));
        for (Element r : repos) {
            String url = value(r, "url", properties);
            if (url == null) {
                throw new MagicException(name + ": a <repository> needs a <url>");
            }
            String id = value(r, "id", properties);
            repositories.put(id == null ? url : id, url);
        }
        return new PomDependencies(List.copyOf(dependencies), repositories);
    }

    /** The {@code <dependency>} elements under {@code <dependencies>}, and loose ones of a fragment. */
    private static List<Element> dependencyElements(Element parent) {
        List<Element> found = new ArrayList<>(MavenSettings.children(MavenSettings.child(parent, "dependencies"), "dependency"));
        found.addAll(MavenSettings.children(parent, "dependency"));
        return found;
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> p = new HashMap<>();
        for (Element e : MavenSettings.children(MavenSettings.child(project, "properties"), "*")) {
            p.put(e.getLocalName(), e.getTextContent().strip());
        }
        Element parent = MavenSettings.child(project, "parent");
        for (String field : List.of("groupId", "artifactId", "version")) {
            String v = MavenSettings.text(project, field);
            v = v != null ? v : MavenSettings.text(parent, field);
            if (v != null) {
                p.put("project." + field, v);
                p.put("pom." + field, v);
            }
        }
        return p;
    }

    private static String key(Element d, Map<String, String> properties) {
        return value(d, "groupId", properties) + ":" + value(d, "artifactId", properties);
    }

    /** The child's text with {@code ${...}} replaced from the properties (unknown ones stay). */
    private static String value(Element parent, String name, Map<String, String> properties) {
        String t = MavenSettings.text(parent, name);
        if (t == null) {
            return null;
        }
        for (int round = 0; round < 10 && t.contains("${"); round++) {
            Matcher m = PROPERTY.matcher(t);
            String replaced = m.replaceAll(r -> Matcher.quoteReplacement(properties.getOrDefault(r.group(1), r.group())));
            if (replaced.equals(t)) {
                break;
            }
            t = replaced;
        }
        return t;
    }
}
