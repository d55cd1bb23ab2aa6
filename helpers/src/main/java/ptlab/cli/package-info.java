/**
 * The helper jar's command line ({@code java -jar ptlab-helpers.jar demo simple}, also {@code cpu}, {@code io},
 * {@code gil}, {@code race} and {@code deadlock}): {@link ptlab.cli.Main} and its {@link ptlab.cli.Demos demos},
 * for a terminal or a slide.
 */
package ptlab.cli;
