/**
 * The magics ({@code %jars}, {@code %classpath}, {@code %maven}, {@code %load}, {@code %time},
 * {@code %lsmagic}): one class per magic behind {@link ptlab.kernel.magic.MagicRegistry}, their
 * syntax ({@link ptlab.kernel.magic.MagicSyntax}), and the narrow
 * {@link ptlab.kernel.magic.MagicContext} through which a magic acts on its cell. Uses no other
 * kernel package.
 */
package ptlab.kernel.magic;
