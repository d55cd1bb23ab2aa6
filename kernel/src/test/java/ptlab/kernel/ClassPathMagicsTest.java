package ptlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassPathMagicsTest {

    private final ClassPathMagics magics = new ClassPathMagics();

    private static void assertOneLine(MagicException e, String... parts) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), e.getMessage());
        }
    }

    @Test
    void jarsResolvesPathsAndGlobs(@TempDir Path dir) throws Exception {
        Path a = Files.createFile(dir.resolve("a.jar"));
        Path b = Files.createFile(dir.resolve("b.jar"));
        Files.createFile(dir.resolve("notes.txt"));
        List<Path> jars = magics.jars(List.of(dir + "/*.jar"));
        assertEquals(List.of(a, b), jars.stream().sorted().toList());
        assertEquals(List.of(a), magics.jars(List.of(a.toString())));
    }

    @Test
    void badJarsArgumentsNameTheProblem(@TempDir Path dir) {
        assertOneLine(assertThrows(MagicException.class, () -> magics.jars(List.of())), "%jars needs");
        assertOneLine(assertThrows(MagicException.class, () -> magics.jars(List.of(dir + "/*.jar"))), "no jar file matches", "*.jar");
        assertOneLine(assertThrows(MagicException.class, () -> magics.jars(List.of(dir + "/missing/*.jar"))), "no jar file matches");
        assertOneLine(assertThrows(MagicException.class, () -> magics.jars(List.of("no-such.jar"))), "'no-such.jar'");
    }

    @Test
    void classpathTakesFoldersAndSeparatedLists(@TempDir Path dir) throws IOException {
        Path classes = Files.createDirectory(dir.resolve("classes"));
        Path jar = Files.createFile(dir.resolve("x.jar"));
        try {
            assertEquals(List.of(classes, jar), magics.classpath(List.of(classes + File.pathSeparator + jar)));
        } catch (MagicException e) {
            throw new AssertionError(e);
        }
        assertOneLine(assertThrows(MagicException.class, () -> magics.classpath(List.of(dir + "/nope"))), "does not exist");
        assertOneLine(assertThrows(MagicException.class, () -> magics.classpath(List.of())), "%classpath needs");
    }

    @Test
    void mavenChecksCoordinatesBeforeAnyDownload() {
        assertOneLine(assertThrows(MagicException.class, () -> magics.maven(List.of())), "%maven needs");
        assertOneLine(assertThrows(MagicException.class, () -> magics.maven(List.of("commons-lang3"))), "'commons-lang3' is not group:artifact:version");
        assertOneLine(assertThrows(MagicException.class, () -> magics.maven(List.of("a:b"))), "'a:b'");
        assertOneLine(assertThrows(MagicException.class, () -> magics.maven(List.of("a:b:c:d:e:f"))), "'a:b:c:d:e:f'");
    }
}
