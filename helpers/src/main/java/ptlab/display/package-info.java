/**
 * Rich output in notebook cells: {@link ptlab.display.Display} writes display frames (or plain text outside the
 * ptlab kernel), {@link ptlab.display.MimeBundle} is the content in several formats, and
 * {@link ptlab.display.Displayable} is what an object implements to show itself. {@link ptlab.display.Table} is the
 * one table (aligned text and HTML), and {@link ptlab.display.Tabular} the values that show as one.
 */
package ptlab.display;
