/**
 * The seeds' painting program, as a measurement: {@link ptlab.paint.PaintApp} runs a UI thread that must keep
 * answering (it prints a tick every 100 ms) while a shape is rendered, once with the rendering on the UI thread
 * itself and once on a render thread of its own.
 */
package ptlab.paint;
