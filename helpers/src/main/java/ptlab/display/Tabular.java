package ptlab.display;

/**
 * A value whose picture is a {@link Table}: a run's {@link ptlab.task.Report}, a process listing, a set of measured
 * figures. Its MIME bundle is the table's text and HTML. Java lets no interface supply {@code toString()}, so a
 * tabular class also returns {@code table().toString()} from its own.
 */
public interface Tabular extends Displayable {

    /** This value as a table. */
    Table table();

    /** The table's text and HTML forms. */
    @Override
    default MimeBundle toMimeBundle() {
        return table().toMimeBundle();
    }
}
