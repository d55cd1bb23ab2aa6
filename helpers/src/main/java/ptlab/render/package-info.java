/**
 * Renderings of results for people: {@link ptlab.render.Table} (aligned text and HTML), {@link ptlab.render.Timeline}
 * (who ran when and where, as SVG and as text, one run or several on one time axis) and {@link ptlab.render.Trace}
 * (Chrome Trace Event files for Perfetto).
 */
package ptlab.render;
