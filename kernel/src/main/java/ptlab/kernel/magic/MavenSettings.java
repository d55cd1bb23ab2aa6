package ptlab.kernel.magic;

import java.io.File;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What {@code ~/.m2/settings.xml} says about resolving, as Maven reads it: the local repository,
 * offline mode, mirrors, proxies, and the servers' user names and passwords (for a mirror or a
 * repository behind a login). Plain text values only; encrypted passwords are not supported.
 *
 * @param localRepository the local repository (default {@code ~/.m2/repository}; the system
 *                        property {@code maven.repo.local} wins, as with Maven)
 * @param offline         resolve from the local repository only
 * @param mirrors         the mirrors, in the file's order
 * @param proxies         the active proxies
 * @param servers         logins by server id
 */
record MavenSettings(File localRepository, boolean offline, List<Mirror> mirrors, List<Proxy> proxies,
                     List<Server> servers) {

    /** A {@code <mirror>}: {@code mirrorOf} is Maven's pattern ({@code *}, {@code external:*}, {@code a,!b}). */
    record Mirror(String id, String url, String mirrorOf) {
    }

    /** An active {@code <proxy>}; {@code nonProxyHosts} as in the file ({@code a|*.b}). */
    record Proxy(String protocol, String host, int port, String username, String password, String nonProxyHosts) {
    }

    /** A {@code <server>} login. */
    record Server(String id, String username, String password) {
    }

    /** @return the user's settings ({@code ~/.m2/settings.xml}); defaults if there is none */
    static MavenSettings user() throws MagicException {
        return read(Path.of(System.getProperty("user.home"), ".m2", "settings.xml"));
    }

    /** @return the settings in {@code file}; defaults if it does not exist */
    static MavenSettings read(Path file) throws MagicException {
        File local = Path.of(System.getProperty("user.home"), ".m2", "repository").toFile();
        if (!Files.isRegularFile(file)) {
            return new MavenSettings(override(local), false, List.of(), List.of(), List.of());
        }
        Element root;
        try {
            root = parse(Files.readString(file));
        } catch (Exception e) {
            throw new MagicException("cannot read the Maven settings " + file, e);
        }
        String configured = text(root, "localRepository");
        if (configured != null) {
            local = new File(configured.replace("${user.home}", System.getProperty("user.home")));
        }
        List<Mirror> mirrors = new ArrayList<>();
        for (Element m : children(child(root, "mirrors"), "mirror")) {
            mirrors.add(new Mirror(text(m, "id"), text(m, "url"), text(m, "mirrorOf")));
        }
        List<Proxy> proxies = new ArrayList<>();
        for (Element p : children(child(root, "proxies"), "proxy")) {
            if (!"false".equals(text(p, "active"))) {
                String port = text(p, "port");
                proxies.add(new Proxy(or(text(p, "protocol"), "http"), text(p, "host"),
                        port == null ? 8080 : Integer.parseInt(port), text(p, "username"), text(p, "password"),
                        text(p, "nonProxyHosts")));
            }
        }
        List<Server> servers = new ArrayList<>();
        for (Element s : children(child(root, "servers"), "server")) {
            servers.add(new Server(text(s, "id"), text(s, "username"), text(s, "password")));
        }
        return new MavenSettings(override(local), "true".equals(text(root, "offline")), mirrors, proxies, servers);
    }

    /** Parses XML (no DTDs, namespaces known), silently: problems are thrown, not printed. */
    static Element parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setNamespaceAware(true);
        DocumentBuilder builder = f.newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void fatalError(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return builder.parse(new InputSource(new StringReader(xml))).getDocumentElement();
    }

    private static File override(File local) {
        String configured = System.getProperty("maven.repo.local");
        return configured != null && !configured.isBlank() ? new File(configured) : local;
    }

    /** @return the direct child element named {@code name}, or null */
    static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    /** @return the direct child elements named {@code name}, all for {@code *} (none if {@code parent} is null) */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e
                        && (name.equals("*") || name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName()))) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    /** @return the trimmed text of the child element {@code name}, or null if absent or empty */
    static String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }

    private static String or(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}
