package ptlab.render;

import java.util.ArrayList;
import java.util.List;

import ptlab.internal.Escape;
import ptlab.internal.Text;
import ptlab.render.TimelineLayout.Bar;
import ptlab.render.TimelineLayout.Group;
import ptlab.render.TimelineLayout.Lane;
import ptlab.render.TimelineLayout.Section;
import ptlab.render.TimelineLayout.Tick;

/**
 * Draws a {@link TimelineLayout} as SVG: the layout's fractions of the axis become pixels of a {@value #WIDTH} px
 * wide {@code viewBox}. The picture scales to its container's width ({@code width="100%"}), never above its
 * natural width; its smallest text, {@value #MIN_FONT} px, is still {@value #MIN_FONT} * 800 / {@value #WIDTH}
 * = 12.5 px when the picture is 800 px wide. Colours: the text and background follow JupyterLab's theme (dark
 * text on white elsewhere); bars take {@link Timeline#PALETTE}.
 */
final class TimelineSvg {

    /** The {@code viewBox} width, in px: the widest the picture is drawn. */
    static final int WIDTH = 960;

    /** The smallest font size used, in px of the {@code viewBox}. */
    static final int MIN_FONT = 15;

    private static final String FG = "var(--jp-content-font-color0, #1a1a1a)";
    private static final String BG = "var(--jp-layout-color0, #ffffff)";
    private static final String SANS = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Roboto, Arial, sans-serif";
    private static final String MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

    private static final double MONO_CHAR = 9.6; // 16px monospace
    private static final double BOLD_CHAR = 9.0; // 15px bold sans, generous estimate
    private static final double SANS_CHAR = 8.4; // 15px sans, generous estimate
    private static final int LANE_H = 36;
    private static final int BAR_H = 26;
    private static final int GROUP_PAD = 6;
    private static final int GROUP_GAP = 10;

    private final TimelineLayout layout;
    private final double plotLeft;
    private final double plotWidth;
    private final String hatch;

    private TimelineSvg(TimelineLayout layout) {
        this.layout = layout;
        this.plotLeft = 20 + layout.labelWidth() * MONO_CHAR + 20;
        this.plotWidth = WIDTH - 44 - plotLeft;
        this.hatch = "ptlab-hatch-" + Integer.toHexString(layout.idSeed());
    }

    /** The SVG document; see {@link Timeline#toSvg()}. */
    static String draw(TimelineLayout layout) {
        return new TimelineSvg(layout).draw();
    }

    /** The x of a time, µs from a run's start. */
    private double x(long micros) {
        return plotLeft + plotWidth * micros / layout.axisMicros();
    }

    private String draw() {
        StringBuilder body = new StringBuilder();
        double y = 14;
        double gridTop = -1;
        for (Section s : layout.sections()) {
            body.append("<g class=\"ptlab-run\" data-runner=\"").append(xml(s.report().runner())).append("\">");
            text(body, 12, y + 20, 18, "bold", SANS, FG, "start", s.heading());
            y += 32;
            double lanesTop = y;
            if (gridTop < 0) {
                gridTop = y;
            }
            for (Group g : s.groups()) {
                double h = GROUP_PAD * 2 + LANE_H * g.lanes().size();
                body.append("<g class=\"ptlab-process\" data-pid=\"").append(g.pid()).append("\">");
                body.append("<rect class=\"ptlab-process-box\" x=\"8\" y=\"").append(f(y)).append("\" width=\"")
                        .append(WIDTH - 16).append("\" height=\"").append(f(h)).append("\" rx=\"8\" style=\"fill: ").append(FG)
                        .append("; fill-opacity: 0.07; stroke: ").append(FG).append("; stroke-opacity: 0.4; stroke-width: 1.5\"/>");
                y += GROUP_PAD;
                for (Lane l : g.lanes()) {
                    lane(body, l, y);
                    y += LANE_H;
                }
                y += GROUP_PAD;
                body.append("</g>");
                y += GROUP_GAP;
            }
            double lanesBottom = y - GROUP_GAP;
            // the end of this run
            double xEnd = x(s.end());
            body.append("<line class=\"ptlab-run-end\" x1=\"").append(f(xEnd)).append("\" y1=\"").append(f(lanesTop - 4))
                    .append("\" x2=\"").append(f(xEnd)).append("\" y2=\"").append(f(lanesBottom + 4)).append("\" style=\"stroke: ")
                    .append(FG).append("; stroke-width: 2.5; stroke-dasharray: 7 5\"><title>")
                    .append(xml(s.report().runner() + " ended after " + Text.seconds(s.end())))
                    .append("</title></line>");
            String hidden = s.hiddenNote();
            if (!hidden.isEmpty()) {
                text(body, 20, y + 14, MIN_FONT, "normal", SANS, FG, "start", hidden);
                y += 26;
            }
            body.append("</g>");
            y += 8;
        }
        if (gridTop < 0) {
            gridTop = y;
        }
        double axisY = y;
        StringBuilder grid = axis(gridTop, axisY);
        double captionY = axisY + 56;
        StringBuilder caption = new StringBuilder("<g class=\"ptlab-caption\">");
        for (String line : layout.caption()) {
            for (String piece : wrap(line, (int) ((WIDTH - 24) / SANS_CHAR))) {
                text(caption, 12, captionY, MIN_FONT, "normal", SANS, FG, "start", piece);
                captionY += 22;
            }
        }
        caption.append("</g>");
        double height = captionY - 8;

        StringBuilder svg = new StringBuilder(body.length() + grid.length() + 1024);
        // Scales with the output area up to its natural width; see the class description for the text size.
        String title = xml(layout.title());
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ptlab-timeline\" width=\"100%\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(f(height)).append("\" role=\"img\" aria-label=\"").append(title)
                .append("\" style=\"max-width: ").append(WIDTH).append("px; height: auto\">");
        svg.append("<title>").append(title).append("</title>");
        svg.append("<defs><pattern id=\"").append(hatch).append("\" width=\"12\" height=\"12\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"12\" style=\"fill: ").append(Timeline.BAR_TEXT)
                .append("; fill-opacity: 0.55\"/></pattern></defs>");
        svg.append("<rect class=\"ptlab-background\" width=\"").append(WIDTH).append("\" height=\"").append(f(height))
                .append("\" style=\"fill: ").append(BG).append("\"/>");
        svg.append(grid).append(body).append(caption).append("</svg>");
        return svg.toString();
    }

    private StringBuilder axis(double gridTop, double axisY) {
        StringBuilder grid = new StringBuilder("<g class=\"ptlab-axis\">");
        for (Tick t : layout.ticks()) {
            double x = x(t.micros());
            grid.append("<line class=\"ptlab-grid\" x1=\"").append(f(x)).append("\" y1=\"").append(f(gridTop)).append("\" x2=\"")
                    .append(f(x)).append("\" y2=\"").append(f(axisY)).append("\" style=\"stroke: ").append(FG)
                    .append("; stroke-opacity: 0.22; stroke-width: 1.5\"/>");
            grid.append("<line class=\"ptlab-tick\" data-seconds=\"").append(t.seconds()).append("\" x1=\"").append(f(x))
                    .append("\" y1=\"").append(f(axisY)).append("\" x2=\"").append(f(x)).append("\" y2=\"").append(f(axisY + 8))
                    .append("\" style=\"stroke: ").append(FG).append("; stroke-width: 2\"/>");
            text(grid, x, axisY + 27, MIN_FONT, "normal", SANS, FG, "middle", t.label());
        }
        grid.append("<line class=\"ptlab-baseline\" x1=\"").append(f(plotLeft)).append("\" y1=\"").append(f(axisY))
                .append("\" x2=\"").append(f(plotLeft + plotWidth)).append("\" y2=\"").append(f(axisY)).append("\" style=\"stroke: ")
                .append(FG).append("; stroke-width: 2\"/>");
        return grid.append("</g>");
    }

    private void lane(StringBuilder b, Lane l, double y) {
        b.append("<g class=\"ptlab-lane\" data-pid=\"").append(l.pid()).append("\" data-thread=\"").append(xml(l.thread()))
                .append("\">");
        text(b, 20, y + LANE_H / 2.0, 16, "normal", MONO, FG, "start", l.label());
        double barY = y + (LANE_H - BAR_H) / 2.0;
        List<Bar> bars = l.bars();
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            String colour = Timeline.PALETTE.get(bar.colour());
            double x = x(bar.start());
            double w = Math.max(2, plotWidth * (bar.event().endMicros() - bar.event().startMicros()) / layout.axisMicros());
            b.append("<rect class=\"ptlab-bar\" data-task=\"").append(xml(bar.event().name())).append("\" data-status=\"")
                    .append(bar.event().status().name()).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(barY))
                    .append("\" width=\"").append(f(w)).append("\" height=\"").append(BAR_H).append("\" rx=\"4\" style=\"fill: ")
                    .append(colour).append(bar.sliced() ? "; fill-opacity: 0.3" : "").append("\"><title>").append(xml(bar.tooltip()))
                    .append("</title></rect>");
            if (bar.sliced()) {
                running(b, bar, barY, colour);
            }
            boolean ok = bar.event().ok();
            if (!ok) {
                b.append("<rect class=\"ptlab-failed\" x=\"").append(f(x)).append("\" y=\"").append(f(barY)).append("\" width=\"")
                        .append(f(w)).append("\" height=\"").append(BAR_H).append("\" rx=\"4\" style=\"fill: url(#").append(hatch)
                        .append("); stroke: ").append(Timeline.BAR_TEXT).append("; stroke-width: 2; stroke-dasharray: 5 3\"/>");
            }
            String label = bar.label();
            double need = Text.width(label) * BOLD_CHAR + 14;
            double room = (i + 1 < bars.size() ? x(bars.get(i + 1).start()) : WIDTH - 12) - (x + w);
            double middle = y + LANE_H / 2.0;
            if (need <= w && (!ok || bar.sliced())) {
                // a halo in the bar's colour keeps the label readable over the hatching or the slices
                b.append("<text x=\"").append(f(x + 7)).append("\" y=\"").append(f(middle))
                        .append("\" dy=\"0.35em\" style=\"font-family: ").append(SANS).append("; font-size: ").append(MIN_FONT)
                        .append("px; font-weight: bold; fill: ").append(Timeline.BAR_TEXT).append("; stroke: ").append(colour)
                        .append("; stroke-width: 5px; stroke-linejoin: round; paint-order: stroke\">").append(xml(label))
                        .append("</text>");
            } else if (need <= w) {
                text(b, x + 7, middle, MIN_FONT, "bold", SANS, Timeline.BAR_TEXT, "start", label);
            } else if (need <= room) {
                text(b, x + w + 6, middle, MIN_FONT, "bold", SANS, FG, "start", label);
            }
        }
        b.append("</g>");
    }

    /** The stretches on the CPU in full colour over the pale bar; waits narrower than a pixel are not drawn. */
    private void running(StringBuilder b, Bar bar, double barY, String colour) {
        b.append("<g class=\"ptlab-running\" data-task=\"").append(xml(bar.event().name())).append("\" style=\"fill: ")
                .append(colour).append("\">");
        long from = bar.start();
        for (var wait : bar.waiting()) {
            if (x(wait.endMicros()) - x(wait.startMicros()) < 1) {
                continue; // too thin to see: the running stretch goes on
            }
            slice(b, from, wait.startMicros(), barY);
            from = wait.endMicros();
        }
        slice(b, from, bar.end(), barY);
        b.append("</g>");
    }

    private void slice(StringBuilder b, long from, long to, double barY) {
        if (to > from) {
            b.append("<rect x=\"").append(f(x(from))).append("\" y=\"").append(f(barY)).append("\" width=\"")
                    .append(f(Math.max(0.5, x(to) - x(from)))).append("\" height=\"").append(BAR_H).append("\"/>");
        }
    }

    private static void text(StringBuilder b, double x, double y, int size, String weight, String family, String fill,
                             String anchor, String content) {
        b.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y)).append("\" dy=\"").append(size > 16 ? "0" : "0.35em")
                .append("\" text-anchor=\"").append(anchor).append("\" style=\"font-family: ").append(family)
                .append("; font-size: ").append(size).append("px; font-weight: ").append(weight).append("; fill: ").append(fill)
                .append("\">").append(xml(content)).append("</text>");
    }

    private static String xml(String s) {
        return Escape.markup(s);
    }

    /** A coordinate with at most two decimals, no trailing zeros. */
    private static String f(double v) {
        long hundredths = Math.round(v * 100);
        String s = Long.toString(Math.abs(hundredths) / 100);
        long frac = Math.abs(hundredths) % 100;
        String sign = hundredths < 0 ? "-" : "";
        if (frac == 0) {
            return sign + s;
        }
        return sign + s + "." + (frac < 10 ? "0" + frac : frac % 10 == 0 ? Long.toString(frac / 10) : Long.toString(frac));
    }

    /**
     * A caption line broken at spaces into lines of at most {@code max} characters, so that none runs past the
     * picture's right edge (a word longer than that stands on a line of its own).
     */
    static List<String> wrap(String line, int max) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : line.split(" ")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > max) {
                lines.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(word);
        }
        lines.add(current.toString());
        return lines;
    }
}
