/**
 * CPython next to Java: {@link ptlab.python.Python} finds a {@code python3}, and {@link ptlab.python.PythonRunner}
 * runs ptlab's tasks on CPython threads or in CPython processes, reported as an ordinary {@code ptlab.task.Report}, so
 * that the global interpreter lock can be measured on the machine in front of the class.
 */
package ptlab.python;
