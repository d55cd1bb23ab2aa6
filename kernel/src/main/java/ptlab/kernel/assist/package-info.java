/**
 * Help while typing: completion, {@code is_complete} and inspection, from JShell's source code
 * analysis, with magic lines skipped.
 */
package ptlab.kernel.assist;
