package ptlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code %jars}, {@code %classpath} and {@code %maven}, run as a cell runs them. */
class ClassPathMagicsTest {

    private final MagicRegistry magics = MagicRegistry.standard();
    private final RecordingContext context = new RecordingContext();

    private void run(String line) throws MagicException {
        MagicSyntax.Line l = (MagicSyntax.Line) MagicSyntax.parse(line).steps().get(0);
        magics.lineMagic(l.name()).run(l, context);
    }

    private void assertFailsInOneLine(String line, String... parts) {
        MagicException e = assertThrows(MagicException.class, () -> run(line));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
        assertEquals(List.of(), context.classPath, "a failed magic adds nothing");
    }

    @Test
    void jarsResolvesPathsAndGlobs(@TempDir Path dir) throws Exception {
        Path a = Files.createFile(dir.resolve("a.jar"));
        Path b = Files.createFile(dir.resolve("b.jar"));
        Files.createFile(dir.resolve("notes.txt"));
        run("%jars " + dir + "/*.jar");
        assertEquals(List.of(a, b), context.classPath.stream().sorted().toList());
        context.classPath.clear();
        run("%jars " + a);
        assertEquals(List.of(a), context.classPath);
    }

    @Test
    void badJarsArgumentsNameTheProblem(@TempDir Path dir) {
        assertFailsInOneLine("%jars", "%jars needs");
        assertFailsInOneLine("%jars " + dir + "/*.jar", "no jar file matches", "*.jar");
        assertFailsInOneLine("%jars " + dir + "/missing/*.jar", "no jar file matches");
        assertFailsInOneLine("%jars no-such.jar", "'no-such.jar'");
    }

    @Test
    void classpathTakesFoldersAndSeparatedLists(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectory(dir.resolve("classes"));
        Path jar = Files.createFile(dir.resolve("x.jar"));
        run("%classpath " + classes + File.pathSeparator + jar);
        assertEquals(List.of(classes, jar), context.classPath);
        context.classPath.clear();
        assertFailsInOneLine("%classpath " + dir + "/nope", "does not exist");
        assertFailsInOneLine("%classpath", "%classpath needs");
    }

    @Test
    void mavenChecksCoordinatesBeforeAnyDownload() {
        assertFailsInOneLine("%maven", "%maven needs");
        assertFailsInOneLine("%maven commons-lang3", "'commons-lang3' is not group:artifact:version");
        assertFailsInOneLine("%maven a:b", "'a:b'");
        assertFailsInOneLine("%maven a:b:c:d:e:f", "'a:b:c:d:e:f'");
        assertFailsInOneLine("%addMavenDependency a#b", "%addMavenDependency: 'a#b' is not group:artifact:version");
    }

    @Test
    void mavenReadsIvysCoordinatesAsIJavaDoes() throws MagicException {
        assertEquals("jakarta.annotation:jakarta.annotation-api:3.0.0",
                MavenMagic.coordinates("maven", "jakarta.annotation#jakarta.annotation-api;3.0.0"));
        assertEquals("a:b:jar:tests:1", MavenMagic.coordinates("maven", "a:b:jar:tests:1"));
    }

    @Test
    void mavenRepoNeedsANameAndAUrl() {
        assertFailsInOneLine("%mavenRepo jitpack", "needs a name and a URL");
        assertFailsInOneLine("%addMavenRepo jitpack jitpack.io", "'jitpack.io' is not an http, https or file URL");
    }
}
