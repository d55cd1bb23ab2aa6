package ptlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.aether.graph.Dependency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code %loadFromPOM} reads of a POM, and what the resolver reads of {@code settings.xml}. */
class PomDependenciesTest {

    private static final Set<String> MAIN = Set.of("compile", "runtime");

    private static List<String> coordinates(PomDependencies pom) {
        return pom.dependencies().stream().map(Dependency::getArtifact).map(Object::toString).toList();
    }

    @Test
    void aPomGivesItsDependenciesInScopeWithPropertiesAndManagedVersions() throws MagicException {
        PomDependencies pom = PomDependencies.read("""
                <?xml version="1.0"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <groupId>g</groupId><artifactId>demo</artifactId><version>7</version>
                  <properties><lang.version>3.17.0</lang.version></properties>
                  <dependencyManagement><dependencies>
                    <dependency><groupId>commons-io</groupId><artifactId>commons-io</artifactId><version>2.18.0</version></dependency>
                  </dependencies></dependencyManagement>
                  <repositories><repository><id>corp</id><url>https://repo.example.org/maven</url></repository></repositories>
                  <dependencies>
                    <dependency><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>${lang.version}</version></dependency>
                    <dependency><groupId>commons-io</groupId><artifactId>commons-io</artifactId><scope>runtime</scope></dependency>
                    <dependency><groupId>g</groupId><artifactId>sibling</artifactId><version>${project.version}</version></dependency>
                    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5</version><scope>test</scope></dependency>
                  </dependencies>
                </project>
                """, "pom.xml", MAIN);
        assertEquals(List.of("org.apache.commons:commons-lang3:jar:3.17.0", "commons-io:commons-io:jar:2.18.0", "g:sibling:jar:7"),
                coordinates(pom));
        assertEquals(Map.of("corp", "https://repo.example.org/maven"), pom.repositories());
        assertEquals(List.of("org.junit.jupiter:junit-jupiter:jar:5"),
                coordinates(PomDependencies.read(pomWithTestScope(), "pom.xml", Set.of("test"))));
    }

    private static String pomWithTestScope() {
        return "<project><dependencies><dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>"
                + "<version>5</version><scope>test</scope></dependency></dependencies></project>";
    }

    @Test
    void aFragmentOfLooseDependenciesAndRepositoriesReadsAsIJavasCellMagicDoes() throws MagicException {
        PomDependencies pom = PomDependencies.read("""
                <repository><id>snapshots</id><url>https://oss.example.org/snapshots/</url></repository>
                <dependency>
                  <groupId>jakarta.annotation</groupId><artifactId>jakarta.annotation-api</artifactId><version>2.1.1</version>
                  <exclusions><exclusion><groupId>x</groupId><artifactId>y</artifactId></exclusion></exclusions>
                </dependency>
                """, "%%loadFromPOM", MAIN);
        assertEquals(List.of("jakarta.annotation:jakarta.annotation-api:jar:2.1.1"), coordinates(pom));
        assertEquals("y", pom.dependencies().get(0).getExclusions().iterator().next().getArtifactId());
        assertEquals(Map.of("snapshots", "https://oss.example.org/snapshots/"), pom.repositories());
    }

    @Test
    void aVersionOnlyTheParentHasAndBrokenXmlAreNamedErrors() {
        MagicException e = assertThrows(MagicException.class, () -> PomDependencies.read(
                "<project><parent><groupId>p</groupId><artifactId>q</artifactId><version>1</version></parent>"
                        + "<dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId></dependency></dependencies></project>",
                "pom.xml", MAIN));
        assertEquals("pom.xml: a:b has no <version> (it may come from the parent POM, which %loadFromPOM does not read)",
                e.getMessage());
        assertTrue(assertThrows(MagicException.class, () -> PomDependencies.read("<dependency>", "%%loadFromPOM", MAIN))
                .getMessage().startsWith("%%loadFromPOM is not a POM: "));
    }

    @Test
    void settingsGiveTheLocalRepositoryOfflineModeMirrorsActiveProxiesAndLogins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("settings.xml");
        Files.writeString(file, """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository>${user.home}/m2-cache</localRepository>
                  <offline>true</offline>
                  <mirrors><mirror><id>campus</id><url>https://nexus.campus.example/maven</url><mirrorOf>*</mirrorOf></mirror></mirrors>
                  <proxies>
                    <proxy><active>false</active><host>off.example</host></proxy>
                    <proxy><protocol>https</protocol><host>proxy.example</host><port>3128</port><nonProxyHosts>localhost</nonProxyHosts></proxy>
                  </proxies>
                  <servers><server><id>campus</id><username>student</username><password>pw</password></server></servers>
                </settings>
                """);
        MavenSettings s = MavenSettings.read(file);
        assertEquals(Path.of(System.getProperty("user.home"), "m2-cache").toFile(), s.localRepository());
        assertTrue(s.offline());
        assertEquals(List.of(new MavenSettings.Mirror("campus", "https://nexus.campus.example/maven", "*")), s.mirrors());
        assertEquals(List.of(new MavenSettings.Proxy("https", "proxy.example", 3128, null, null, "localhost")), s.proxies());
        assertEquals(List.of(new MavenSettings.Server("campus", "student", "pw")), s.servers());
        assertFalse(MavenSettings.read(dir.resolve("none.xml")).offline());
    }
}
