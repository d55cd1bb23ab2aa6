package ptlab.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry, and the magics that print or have code run. */
class MagicRegistryTest {

    private final MagicRegistry magics = MagicRegistry.standard();
    private final RecordingContext context = new RecordingContext();

    private static MagicSyntax.Line line(String text) {
        return (MagicSyntax.Line) MagicSyntax.parse(text).steps().get(0);
    }

    @Test
    void lsmagicListsEveryRegisteredMagicByName() throws MagicException {
        magics.lineMagic("lsmagic").run(line("%lsmagic"), context);
        assertEquals("Line magics: %classpath %jars %load %loadFromPOM %lsmagic %maven %mavenRepo %time\n"
                + "Cell magics: %%loadFromPOM %%time\n"
                + "Aliases: %addMavenDependency = %maven, %addMavenDependencies = %maven, %addMavenRepo = %mavenRepo\n",
                context.printed.toString());
        assertThrows(MagicException.class, () -> magics.lineMagic("lsmagic").run(line("%lsmagic x"), context));
    }

    @Test
    void onlyTimeAndLoadFromPomHaveACellFormAndNamesAndAliasesAreUnique() {
        assertEquals("time", magics.cellMagic("time").name());
        assertEquals("loadFromPOM", magics.cellMagic("loadFromPOM").name());
        assertEquals("maven", magics.lineMagic("addMavenDependencies").name());
        assertEquals("mavenRepo", magics.lineMagic("addMavenRepo").name());
        assertNull(magics.cellMagic("jars"));
        assertNull(magics.lineMagic("nope"));
        assertThrows(IllegalArgumentException.class, () -> magics.register(new LoadMagic()));
    }

    @Test
    void timeRunsItsLineOrTheRestOrItsBodyAndReportsBoth() throws MagicException {
        Magic time = magics.lineMagic("time");
        time.run(line("%time Thread.sleep(5);"), context);
        time.run(line("%time"), context);
        time.runCell(MagicSyntax.parse("%%time\nint x = 1;\n").cellMagic(), context);
        assertEquals(List.of("code@0:Thread.sleep(5);", "rest", "body@7:int x = 1;\n"), context.ran);
        assertEquals(3, context.printed.toString().split("Wall time: ", -1).length - 1, context.printed.toString());
        assertTrue(context.printed.toString().contains("CPU time: "), context.printed.toString());
        assertThrows(MagicException.class, () -> time.runCell(MagicSyntax.parse("%%time x\n1\n").cellMagic(), context));
    }

    @Test
    void loadRunsTheFileUnderItsNameAndNamesAMissingOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("setup.jsh"), "int x = 1;\n", StandardCharsets.UTF_8);
        magics.lineMagic("load").run(line("%load " + file), context);
        assertEquals(List.of("file setup.jsh:int x = 1;\n"), context.ran);
        MagicException e = assertThrows(MagicException.class,
                () -> magics.lineMagic("load").run(line("%load " + dir.resolve("none.jsh")), context));
        assertTrue(e.getMessage().contains("there is no file"), e.getMessage());
        assertThrows(MagicException.class, () -> magics.lineMagic("load").run(line("%load a b"), context));
    }

    @Test
    void loadRefusesAFileOverTheCapAndOneThatIsNotRegularBeforeReadingThem(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.jsh");
        try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(300L * 1024 * 1024); // sparse
        }
        MagicException e = assertThrows(MagicException.class, () -> magics.lineMagic("load").run(line("%load " + big), context));
        assertEquals("%load: '" + big + "' is 300.0 MB, the limit is 1.0 MB (a file of code to run, not data)", e.getMessage());
        MagicException d = assertThrows(MagicException.class, () -> magics.lineMagic("load").run(line("%load " + dir), context));
        assertEquals("%load: '" + dir + "' is not a regular file", d.getMessage());
        assertEquals(List.of(), context.ran);
    }
}
