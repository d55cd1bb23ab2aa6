package ptlab.kernel.eval;

/**
 * How a cell (or one step of it) ended.
 *
 * @param value the {@code text/plain} value of its final expression, or null
 * @param error the error, or null if it succeeded
 */
public record Outcome(String value, CellError error) {

    /** @return a success with this value (null for none) */
    public static Outcome ok(String value) {
        return new Outcome(value, null);
    }

    /** @return a failure */
    public static Outcome failed(CellError error) {
        return new Outcome(null, error);
    }

    /** @return true if it ended with an error */
    public boolean failed() {
        return error != null;
    }
}
