/**
 * Renderings of results for people: {@link ptlab.render.Table} (aligned text and HTML). Timelines go here too.
 */
package ptlab.render;
