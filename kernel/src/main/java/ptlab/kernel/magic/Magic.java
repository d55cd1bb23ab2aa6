package ptlab.kernel.magic;

import java.util.List;

/**
 * One magic: {@code %name args} on a line of a cell, and for some also {@code %%name} on a cell's
 * first line. A magic runs in the kernel JVM and reaches the cell only through its
 * {@link MagicContext}. Magics are found by name in a {@link MagicRegistry}.
 *
 * <p>To add one: a class in this package that implements this interface, registered in
 * {@link MagicRegistry#standard()}; {@code %lsmagic} lists it from there.
 */
public interface Magic {

    /** @return the name after {@code %}, e.g. {@code jars} */
    String name();

    /** @return further names of the same magic (IJava's, e.g. {@code addMavenDependency}); none by default */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * Runs the line form, {@code %name args}.
     *
     * @param line    the magic's line: its arguments, raw and split like a shell
     * @param context what the magic may do in the cell
     * @return the magic's value where it stands as an expression ({@code var jars = %jars lib/*.jar}),
     *         or null if it has none
     * @throws MagicException if it is used wrongly; the cell then stops with that one-line message
     */
    List<String> run(MagicSyntax.Line line, MagicContext context) throws MagicException;

    /** @return true if the magic also has a cell form, {@code %%name} */
    default boolean hasCellForm() {
        return false;
    }

    /**
     * Runs the cell form: {@code %%name args} on the first line, its body below.
     *
     * @param cell    the magic's line and body
     * @param context what the magic may do in the cell
     * @return the magic's value, as for {@link #run}
     * @throws MagicException if it is used wrongly
     */
    default List<String> runCell(MagicSyntax.CellMagic cell, MagicContext context) throws MagicException {
        throw new MagicException("%" + name() + " has no cell form %%" + name());
    }
}
