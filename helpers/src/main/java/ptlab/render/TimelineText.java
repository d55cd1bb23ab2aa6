package ptlab.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ptlab.internal.Text;
import ptlab.render.TimelineLayout.Bar;
import ptlab.render.TimelineLayout.Group;
import ptlab.render.TimelineLayout.Lane;
import ptlab.render.TimelineLayout.Section;
import ptlab.render.TimelineLayout.Tick;

/**
 * Draws a {@link TimelineLayout} as rows of characters: {@value Timeline#TEXT_WIDTH} columns stand for the whole
 * axis, each task drawn with one symbol; see {@link Timeline#toString()}.
 */
final class TimelineText {

    private static final String SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#*@%&=+";

    private final TimelineLayout layout;

    private TimelineText(TimelineLayout layout) {
        this.layout = layout;
    }

    /** The text form; see {@link Timeline#toString()}. */
    static String draw(TimelineLayout layout) {
        return new TimelineText(layout).draw();
    }

    /** The column of a time, µs from a run's start. */
    private int column(long micros) {
        return (int) Math.min(Timeline.TEXT_WIDTH, Math.round((double) micros * Timeline.TEXT_WIDTH / layout.axisMicros()));
    }

    private String draw() {
        Map<String, Character> symbols = symbols(layout.tasks());
        int labelWidth = layout.labelWidth();
        StringBuilder b = new StringBuilder();
        for (Section s : layout.sections()) {
            b.append(s.heading()).append('\n');
            boolean firstGroup = true;
            for (Group g : s.groups()) {
                if (!firstGroup) {
                    b.append('\n');
                }
                firstGroup = false;
                for (Lane l : g.lanes()) {
                    lane(b, l, labelWidth, symbols);
                }
            }
            String hidden = s.hiddenNote();
            if (!hidden.isEmpty()) {
                b.append(hidden).append('\n');
            }
        }
        // axis: ticks and labels
        String pad = " ".repeat(labelWidth + 2);
        char[] axis = new char[Timeline.TEXT_WIDTH + 2];
        Arrays.fill(axis, '-');
        StringBuilder labels = new StringBuilder();
        for (Tick t : layout.ticks()) {
            int c = t.micros() == layout.axisMicros() ? Timeline.TEXT_WIDTH + 1 : column(t.micros());
            axis[c] = '+';
            if (labels.length() > 0 && labels.length() + 1 > c) {
                continue; // no room: keep the tick, drop the label
            }
            labels.append(" ".repeat(c - labels.length())).append(t.label());
        }
        axis[0] = '+';
        b.append(pad).append(axis).append('\n');
        b.append(pad).append(labels).append('\n');
        String key = key(symbols);
        if (!key.isEmpty()) {
            b.append(key).append('\n');
        }
        if (layout.sliced()) {
            b.append("letter: on a CPU for most of the column; ':' for part of it; '.': waiting").append('\n');
        }
        b.append(String.join("\n", layout.caption()));
        return b.toString();
    }

    private void lane(StringBuilder b, Lane l, int labelWidth, Map<String, Character> symbols) {
        char[] row = new char[Timeline.TEXT_WIDTH];
        Arrays.fill(row, ' ');
        List<String> notes = new ArrayList<>();
        for (Bar bar : l.bars()) {
            int from = column(bar.start());
            int to = Math.max(from + 1, column(bar.end()));
            for (int c = from; c < to && c < Timeline.TEXT_WIDTH; c++) {
                double share = !bar.sliced() ? 1
                        : bar.runningShare(c * layout.axisMicros() / Timeline.TEXT_WIDTH, (c + 1) * layout.axisMicros() / Timeline.TEXT_WIDTH);
                row[c] = share >= 0.75 ? symbols.get(bar.event().name()) : share > 0.25 ? ':' : '.';
            }
            if (!bar.event().ok()) {
                notes.add(bar.event().name() + " " + bar.event().status().words());
            }
        }
        String label = l.label();
        b.append(label).append(" ".repeat(labelWidth - Text.width(label))).append("  |").append(row).append('|');
        if (!notes.isEmpty()) {
            b.append("  ").append(String.join(", ", notes));
        }
        b.append('\n');
    }

    /** One character per task: its first character when that is unique and visible, else a free letter or digit. */
    private static Map<String, Character> symbols(List<String> tasks) {
        Map<Character, Integer> firsts = new LinkedHashMap<>();
        for (String name : tasks) {
            firsts.merge(name.charAt(0), 1, Integer::sum);
        }
        Map<String, Character> symbols = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (String name : tasks) {
            char c = name.charAt(0);
            if (firsts.get(c) == 1 && Character.isLetterOrDigit(c) && !Character.isSurrogate(c)) {
                symbols.put(name, c);
            } else {
                rest.add(name);
            }
        }
        int next = 0;
        for (String name : rest) {
            char c = '?';
            while (next < SYMBOLS.length()) {
                char candidate = SYMBOLS.charAt(next++);
                if (!symbols.containsValue(candidate)) {
                    c = candidate;
                    break;
                }
            }
            symbols.put(name, c);
        }
        return symbols;
    }

    private static String key(Map<String, Character> symbols) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Character> e : symbols.entrySet()) {
            if (e.getKey().charAt(0) != e.getValue()) {
                parts.add(e.getValue() + " = " + e.getKey());
            }
        }
        return parts.isEmpty() ? "" : "key: " + String.join(", ", parts);
    }
}
