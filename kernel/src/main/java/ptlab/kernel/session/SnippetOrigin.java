package ptlab.kernel.session;

/**
 * Where a snippet's source came from, so that stack traces name it by cell and line.
 *
 * @param place     how to name the text it is in, e.g. {@code cell [3]} or {@code lib.jsh}
 * @param firstLine the line (1-based) of that text on which the snippet's source starts
 */
public record SnippetOrigin(String place, int firstLine) {
}
