package ptlab.display;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ptlab.internal.Checks;
import ptlab.internal.Escape;
import ptlab.internal.Text;

/**
 * A small table that renders as aligned plain text ({@link #toString()}) and as HTML ({@link #toHtml()}), for
 * reports and measured figures in notebooks. Immutable; built with {@link #builder(String...)}:
 *
 * <pre>{@code
 * Table t = Table.builder("way", "latency").alignRight(1)
 *         .row("pipe", "41 µs").row("socket", "63 µs").build();
 * }</pre>
 *
 * <p>Text form: an optional title line, the header, the rows, optional footer lines; columns separated by two
 * spaces, padded to the widest cell (counted in characters), no trailing spaces.
 */
public final class Table implements Displayable {

    private final String title;
    private final List<String> headers;
    private final List<List<String>> rows;
    private final boolean[] right;
    private final List<String> footers;

    private Table(Builder b) {
        this.title = b.title;
        this.headers = List.copyOf(b.headers);
        this.rows = List.copyOf(b.rows);
        this.right = b.right.clone();
        this.footers = List.copyOf(b.footers);
    }

    /** Starts a table with these column headers (at least one). */
    public static Builder builder(String... headers) {
        return new Builder(headers);
    }

    /** The column headers. */
    public List<String> headers() {
        return headers;
    }

    /** The rows, each as many cells as there are headers. */
    public List<List<String>> rows() {
        return rows;
    }

    /** The aligned text form. */
    @Override
    public String toString() {
        int n = headers.size();
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = Text.width(headers.get(c));
        }
        for (List<String> row : rows) {
            for (int c = 0; c < n; c++) {
                width[c] = Math.max(width[c], Text.width(row.get(c)));
            }
        }
        StringBuilder b = new StringBuilder();
        if (title != null) {
            b.append(title).append('\n');
        }
        line(b, headers, width);
        for (List<String> row : rows) {
            line(b, row, width);
        }
        for (String f : footers) {
            b.append(f).append('\n');
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    private void line(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            int pad = width[c] - Text.width(cell);
            if (c > 0) {
                l.append("  ");
            }
            if (right[c]) {
                l.append(" ".repeat(pad)).append(cell);
            } else {
                l.append(cell).append(" ".repeat(pad));
            }
        }
        int end = l.length();
        while (end > 0 && l.charAt(end - 1) == ' ') {
            end--;
        }
        b.append(l, 0, end).append('\n');
    }

    /** The HTML form: a {@code <table class="ptlab-table">} with caption and footer. */
    public String toHtml() {
        StringBuilder b = new StringBuilder();
        b.append("<table class=\"ptlab-table\" style=\"border-collapse: collapse; font-variant-numeric: tabular-nums\">");
        if (title != null) {
            b.append("<caption style=\"text-align: left; font-weight: bold\">").append(Escape.markup(title)).append("</caption>");
        }
        b.append("<thead><tr>");
        for (int c = 0; c < headers.size(); c++) {
            b.append("<th style=\"text-align: ").append(right[c] ? "right" : "left").append("; padding: 2px 8px\">")
                    .append(Escape.markup(headers.get(c))).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            b.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                b.append("<td style=\"text-align: ").append(right[c] ? "right" : "left").append("; padding: 2px 8px\">")
                        .append(Escape.markup(row.get(c))).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</tbody>");
        if (!footers.isEmpty()) {
            b.append("<tfoot>");
            for (String f : footers) {
                b.append("<tr><td colspan=\"").append(headers.size()).append("\" style=\"text-align: left; padding: 2px 8px\">")
                        .append(Escape.markup(f)).append("</td></tr>");
            }
            b.append("</tfoot>");
        }
        b.append("</table>");
        return b.toString();
    }

    /** Text and HTML forms. */
    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.of(toString()).with("text/html", toHtml());
    }

    /** Builds a {@link Table}; not thread-safe. */
    public static final class Builder {
        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();
        private final List<String> footers = new ArrayList<>();
        private boolean[] right;
        private String title;

        private Builder(String[] headers) {
            Checks.noNulls(headers, "headers");
            if (headers.length == 0) {
                throw new IllegalArgumentException("headers must not be empty; allowed: 1 or more column headers");
            }
            this.headers = Arrays.asList(headers.clone());
            this.right = new boolean[headers.length];
        }

        /** A title line above the table (the HTML caption). */
        public Builder title(String title) {
            this.title = oneLine(Checks.notNull(title, "title"));
            return this;
        }

        /** Right-aligns these columns (0-based), e.g. numbers. */
        public Builder alignRight(int... columns) {
            Checks.notNull(columns, "columns");
            for (int c : columns) {
                Checks.range(c, 0, headers.size() - 1, "columns", "");
                right[c] = true;
            }
            return this;
        }

        /**
         * Adds a row with one cell per column; cells are shown with {@link String#valueOf(Object)}, line breaks and
         * tabs as spaces.
         */
        public Builder row(Object... cells) {
            Checks.notNull(cells, "cells");
            if (cells.length != headers.size()) {
                throw new IllegalArgumentException("cells has " + cells.length + " values; allowed: exactly " + headers.size()
                        + " (one per column)");
            }
            List<String> row = new ArrayList<>(cells.length);
            for (Object cell : cells) {
                row.add(oneLine(String.valueOf(cell)));
            }
            rows.add(List.copyOf(row));
            return this;
        }

        /** Adds a line below the table. */
        public Builder footer(String line) {
            footers.add(oneLine(Checks.notNull(line, "line")));
            return this;
        }

        /** The table. */
        public Table build() {
            return new Table(this);
        }

        private static String oneLine(String s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
            }
            return b.toString();
        }
    }
}
