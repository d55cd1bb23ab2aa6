package ptlab.kernel.magic;

import java.util.List;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
        Path file = Path.of(arg);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MagicException("%load: there is no file '" + arg + "' (in " + Path.of("").toAbsolutePath() + ")");
        } catch (IOException e) {
            throw new MagicException("%load: cannot read '" + arg + "'", e);
        }
        context.runFile(text, file.getFileName().toString());
        return null;
    }
}
