/**
 * Running a cell: {@link ptlab.kernel.eval.CellRunner} is the one run loop (waits for the
 * cell JVM, answers interrupts); {@code CellSteps} runs a cell's code and magics in order, stopping
 * at the first error; {@code CodeEvaluator} runs Java snippet by snippet in the
 * cell JVM; {@code CellErrors} makes JShell's reports readable; {@code InterruptEscalation}
 * carries out an interrupt.
 */
package ptlab.kernel.eval;
