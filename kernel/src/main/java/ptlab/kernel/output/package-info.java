/**
 * The cell JVM's output on its way to the notebook: {@link ptlab.kernel.output.OutputRouter}
 * decodes the byte streams, cuts display frames out of stdout, coalesces text, keeps late output
 * for the next cell, and publishes through {@link ptlab.kernel.protocol.Iopub}.
 */
package ptlab.kernel.output;
