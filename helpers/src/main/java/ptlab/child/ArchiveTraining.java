package ptlab.child;

import java.nio.file.Path;
import java.util.List;

import ptlab.process.ChildArchive;
import ptlab.process.JavaCommand;

/**
 * Builds the child archive ({@link ChildArchive}) for the helper jar this class runs from, with one training run of
 * the task child ({@link Child}) doing one I/O and one CPU task; {@code make kernel} runs it:
 * {@code java -cp ptlab-helpers.jar ptlab.child.ArchiveTraining}. Package-private: the {@code java} launcher runs
 * it by name.
 */
final class ArchiveTraining {

    private ArchiveTraining() {
    }

    /**
     * Builds the archive at {@link ChildArchive#path()}, removes the archives of older jars and JDKs, and prints where
     * it wrote it. Exit status 0 also when no archive could be made (children then start without one), 2 for bad
     * arguments.
     *
     * @param args none
     * @throws InterruptedException if interrupted while the training child runs
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 0) {
            System.err.println("usage: java -cp ptlab-helpers.jar " + ArchiveTraining.class.getName());
            System.exit(2);
        }
        Path jar = Path.of(JavaCommand.classPath());
        Path target = ChildArchive.path().orElse(null);
        if (target == null) {
            System.out.println("child archive: not built (the helper classes are not in a jar)");
            return;
        }
        String problem = build(jar, target);
        System.out.println(problem == null ? "child archive: " + target : "child archive: not built (" + problem + ")");
        ChildArchive.removeOthers(target);
    }

    /** Builds the archive of the task child running from {@code jar} into {@code target}; null when it worked. */
    static String build(Path jar, Path target) throws InterruptedException {
        long now = System.currentTimeMillis() * 1_000L;
        return ChildArchive.build(jar, target, List.of(Child.class.getName(), "--parent",
                Long.toString(ProcessHandle.current().pid()), "--submitted", Long.toString(now), "--deadline",
                Long.toString(now + 30_000_000L), "io:1000:A", "cpu:20000:B"));
    }
}
