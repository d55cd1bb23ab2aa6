package ptlab.kernel.magic;

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
    public void run(MagicSyntax.Line line, MagicContext context) throws MagicException {
        if (line.args().size() != 1) {
            throw new MagicException("%load needs exactly one file, e.g. %load setup.jsh");
        }
        String arg = line.args().get(0);
        Path file = Path.of(arg);
        String text;
        try {
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                // a FIFO or a device would block the kernel in open() or read()
                throw new MagicException("%load: '" + arg + "' is not a regular file");
            }
            long size = Files.size(file);
            if (size > Caps.LOAD_FILE_BYTES) {
                throw new MagicException("%load: '" + arg + "' is " + Caps.megabytes(size) + ", the limit is "
                        + Caps.megabytes(Caps.LOAD_FILE_BYTES) + " (a file of code to run, not data)");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MagicException("%load: there is no file '" + arg + "' (in " + Path.of("").toAbsolutePath() + ")");
        } catch (IOException e) {
            throw new MagicException("%load: cannot read '" + arg + "'", e);
        }
        context.runFile(text, file.getFileName().toString());
    }
}
