/**
 * Pictures of runs for people: {@link ptlab.render.Timeline} (who ran when and where, one run or several on one
 * time axis), laid out once ({@code TimelineLayout}) and drawn as SVG ({@code TimelineSvg}) and as text
 * ({@code TimelineText}), and {@link ptlab.render.Trace} (Chrome Trace Event files for Perfetto). It reads
 * {@link ptlab.task.Report}s; a report knows nothing of drawing.
 */
package ptlab.render;
