/**
 * The magics ({@code %jars}, {@code %classpath}, {@code %maven}, {@code %mavenRepo},
 * {@code %loadFromPOM}, {@code %load}, {@code %time}, {@code %lsmagic}, with IJava's aliases):
 * one class per magic behind {@link ptlab.kernel.magic.MagicRegistry}, their syntax
 * ({@link ptlab.kernel.magic.MagicSyntax}, {@code MagicCalls}), the one Maven resolver they share
 * ({@code MavenResolver}, configured by {@code MavenSettings}), and the narrow
 * {@link ptlab.kernel.magic.MagicContext} through which a magic acts on its cell. Uses no other
 * kernel package.
 */
package ptlab.kernel.magic;
