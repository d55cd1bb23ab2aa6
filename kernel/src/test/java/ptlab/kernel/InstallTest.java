package ptlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallTest {

    private static JsonObject read(Path kernelJson) throws Exception {
        return JsonParser.parseString(Files.readString(kernelJson, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void writesTheKernelspecIntoKernelsDir(@TempDir Path tmp) throws Exception {
        Path jar = Files.createFile(tmp.resolve("lib with space").toAbsolutePath()).resolveSibling("lib with space");
        Files.delete(jar);
        Files.createDirectories(jar);
        Path kernelJar = Files.createFile(jar.resolve("ptlab-kernel.jar"));

        Path spec = Install.install(new String[] {"--kernels-dir", tmp.resolve("kernels").toString(),
                "--jar", kernelJar.toString(), "--no-cds"});

        assertEquals(tmp.resolve("kernels").resolve("ptlab-java").resolve("kernel.json").toAbsolutePath(), spec);
        JsonObject json = read(spec);
        assertEquals("Java (ptlab)", json.get("display_name").getAsString());
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        JsonArray argv = json.getAsJsonArray("argv");
        String java = argv.get(0).getAsString();
        assertTrue(Path.of(java).isAbsolute(), java);
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), java);
        assertEquals("-jar", argv.get(argv.size() - 3).getAsString());
        assertEquals(kernelJar.toAbsolutePath().toString(), argv.get(argv.size() - 2).getAsString(), "paths with spaces stay one argument");
        assertEquals("{connection_file}", argv.get(argv.size() - 1).getAsString());
        for (int i = 1; i < argv.size() - 3; i++) {
            assertTrue(argv.get(i).getAsString().startsWith("-"), "JVM flags only before -jar: " + argv);
        }
        assertTrue(argv.toString().contains("-Xmx"), "the kernel JVM's heap is bounded");
    }

    @Test
    void prefixMeansShareJupyterKernels(@TempDir Path tmp) throws Exception {
        Path kernelJar = Files.createFile(tmp.resolve("ptlab-kernel.jar"));
        Path spec = Install.install(new String[] {"--prefix", tmp.resolve("env").toString(), "--jar", kernelJar.toString(), "--no-cds"});
        assertEquals(tmp.resolve("env/share/jupyter/kernels/ptlab-java/kernel.json").toAbsolutePath(), spec);
    }

    @Test
    void theArchiveFlagsAreThereOnlyWithAnArchive() {
        List<String> with = Install.kernelFlags(Path.of("/x/ptlab-kernel.jsa"));
        assertTrue(with.contains("-XX:SharedArchiveFile=/x/ptlab-kernel.jsa"), with.toString());
        assertTrue(Install.kernelFlags(null).stream().noneMatch(f -> f.contains("SharedArchive") || f.contains("AOT")));
        List<String> aot = Install.kernelFlags(Path.of("/x/ptlab-kernel-0123abcd.aot"));
        assertTrue(aot.contains("-XX:AOTCache=/x/ptlab-kernel-0123abcd.aot"), aot.toString());
        assertTrue(aot.stream().noneMatch(f -> f.contains("SharedArchive")), aot.toString());
    }

    @Test
    void theArchiveNameFollowsTheJarOnJdk25(@TempDir Path tmp) throws Exception {
        Path jar = Files.writeString(tmp.resolve("ptlab-kernel.jar"), "one");
        Path first = Install.archivePath(jar);
        assertEquals(tmp, first.getParent());
        if (!Install.aot()) {
            assertEquals(Install.CDS_ARCHIVE, first.getFileName().toString());
            return;
        }
        assertTrue(first.getFileName().toString().matches("ptlab-kernel-[0-9a-f]{8}\\.aot"), first.toString());
        Files.writeString(jar, "changed");
        assertNotEquals(first, Install.archivePath(jar), "a rebuilt jar must not find the old cache");
    }

    @Test
    void badArgumentsAreRefusedWithAReason(@TempDir Path tmp) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Install.install(new String[] {}))
                .getMessage().contains("--kernels-dir"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Install.install(new String[] {"--kernels-dir"}))
                .getMessage().contains("needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Install.install(new String[] {"--bogus"}))
                .getMessage().contains("--bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Install.install(new String[] {
                "--kernels-dir", tmp.toString(), "--jar", tmp.resolve("missing.jar").toString(), "--no-cds"}))
                .getMessage().contains("does not exist"));
    }

    @Test
    void userInstallGoesToJupytersDataDir() {
        assertEquals(Path.of("/home/u/.local/share/jupyter/kernels"), Install.userKernelsDir(Map.of(), "Linux", "/home/u"));
        assertEquals(Path.of("/x/jupyter/kernels"), Install.userKernelsDir(Map.of("XDG_DATA_HOME", "/x"), "Linux", "/home/u"));
        assertEquals(Path.of("/d/kernels"), Install.userKernelsDir(Map.of("JUPYTER_DATA_DIR", "/d"), "Linux", "/home/u"));
        assertEquals(Path.of("/Users/u/Library/Jupyter/kernels"), Install.userKernelsDir(Map.of(), "Mac OS X", "/Users/u"));
    }
}
