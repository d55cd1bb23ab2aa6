package ptlab.kernel.magic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link MagicContext} that records what a magic did; code "runs" by being recorded. */
final class RecordingContext implements MagicContext {
    final List<Path> classPath = new ArrayList<>();
    final StringBuilder printed = new StringBuilder();
    final List<String> ran = new ArrayList<>();

    @Override
    public void print(String text) {
        printed.append(text);
    }

    @Override
    public void addToClassPath(List<Path> entries) {
        classPath.addAll(entries);
    }

    @Override
    public boolean interrupted() {
        return false;
    }

    @Override
    public ProcessHandle cellJvm() {
        return ProcessHandle.current();
    }

    @Override
    public boolean runCode(String code, int from) {
        ran.add("code@" + from + ":" + code);
        return true;
    }

    @Override
    public boolean runBody(String body, int offset) {
        ran.add("body@" + offset + ":" + body);
        return true;
    }

    @Override
    public boolean runFile(String text, String name) {
        ran.add("file " + name + ":" + text);
        return true;
    }

    @Override
    public boolean runRest() {
        ran.add("rest");
        return true;
    }
}
