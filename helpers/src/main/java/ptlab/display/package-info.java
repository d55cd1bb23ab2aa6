/**
 * Rich output in notebook cells: {@link ptlab.display.Display} writes display frames (or plain text outside the
 * ptlab kernel), {@link ptlab.display.MimeBundle} is the content in several formats, and
 * {@link ptlab.display.Displayable} is what an object implements to show itself.
 */
package ptlab.display;
