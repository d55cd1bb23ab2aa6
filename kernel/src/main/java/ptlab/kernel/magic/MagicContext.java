package ptlab.kernel.magic;

import java.nio.file.Path;
import java.util.List;

/**
 * What a magic may do in the cell it stands in: print, grow the class path, and have code run
 * (a timed line, a cell body, a loaded file). The cell's run loop implements it, so that magics
 * need nothing else of the kernel.
 *
 * <p>The cell's value after a magic is the value of the code it had run last (none if it ran
 * none); an error in that code ends the cell, after the magic has returned.
 */
public interface MagicContext {

    /** Prints text into the cell's output (stdout), in order with the cell's own output. */
    void print(String text);

    /** Adds entries to the class path of this and every later cell JVM (each entry once). */
    void addToClassPath(List<Path> entries);

    /** @return true once the cell has been interrupted (a magic that waits stops waiting) */
    boolean interrupted();

    /** @return the cell JVM's process (its CPU time, for {@code %time}) */
    ProcessHandle cellJvm();

    /**
     * Runs Java code that stands in the text of this magic, at or after {@code from} (so that
     * errors name the right line).
     *
     * @return true if it ran without an error
     */
    boolean runCode(String code, int from);

    /**
     * Runs the body of a cell magic (code and line magics) that starts at {@code offset} of the
     * text of this magic, keeping its line numbers.
     *
     * @return true if it ran without an error
     */
    boolean runBody(String body, int offset);

    /**
     * Runs the code and line magics of a file, as part of the cell.
     *
     * @param text the file's content
     * @param name how errors and stack traces name it, e.g. {@code setup.jsh}
     * @return true if it ran without an error
     */
    boolean runFile(String text, String name);

    /**
     * Runs the rest of the text this magic stands in (what follows its line), then returns;
     * the rest is not run again.
     *
     * @return true if it ran without an error
     */
    boolean runRest();
}
