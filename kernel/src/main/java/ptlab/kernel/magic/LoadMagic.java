package ptlab.kernel.magic;

import java.util.List;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import ptlab.kernel.output.Caps;

/** {@code %load file}: runs a file of code and magics (e.g. {@code setup.jsh}) as part of the cell. */
final class LoadMagic implements Magic {

    @Override
    public String name() {
        return "load";
    }

    @Override
    public List<String> run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        if (line.args().size() != 1) {
            throw new MagicException("%load needs exactly one file, e.g. %load setup.jsh");
        }
        String arg = line.args().get(0);
        context.runFile(read("load", arg), Path.of(arg).getFileName().toString());
        return null;
    }

    /**
     * The text of a file a magic names (relative to the notebook's folder).
     *
     * @param magic the magic's name, for messages
     * @throws MagicException naming the file and the folder if it is missing or unreadable
     */
    static String read(String magic, String path) throws MagicException {
        try {
            Path file = Path.of(path);
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // a FIFO or a device would block the kernel in open() or read()
                throw new MagicException("%" + magic + ": '" + path + "' is not a regular file");
            }
            long size = Files.size(file);
            if (size > Caps.LOAD_FILE_BYTES) {
                throw new MagicException("%" + magic + ": '" + path + "' is " + Caps.megabytes(size) + ", the limit is "
                        + Caps.megabytes(Caps.LOAD_FILE_BYTES) + " (a file of code to run, not data)");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MagicException("%" + magic + ": there is no file '" + path + "' (in " + ClassPathEntries.workingDirectory() + ")");
        } catch (IOException e) {
            throw new MagicException("%" + magic + ": cannot read '" + path + "'", e);
        }
    }
}
