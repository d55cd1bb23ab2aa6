package ptlab.kernel.eval;

/**
 * A text being run: a cell, the body of a cell magic, a {@code %load}ed file.
 *
 * @param text  the code and magics
 * @param place how stack traces name it ({@code cell [3]}, {@code lib.jsh})
 * @param file  how compile errors name it, or null for the cell itself
 */
record Source(String text, String place, String file) {

    /** @return the 1-based line of {@code index} in the text */
    int lineOf(int index) {
        return CellErrors.lineOf(text, index);
    }
}
