package ptlab.kernel.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * The inputs (and {@code text/plain} results) of this kernel's cells, for {@code history_request}.
 * One session (numbered {@link #SESSION}); kept in memory, gone when the kernel ends.
 */
public final class CellHistory implements HistoryManager {

    /** The session number the kernel reports (there is only the current one). */
    public static final int SESSION = 1;

    private record Entry(int count, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>(); // guarded by this

    /** Records an executed cell. */
    public synchronized void add(int count, String input, String output) {
        entries.add(new Entry(count, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        if (session != SESSION && session != 0) {
            return out;
        }
        for (Entry e : entries) {
            if (e.count >= start && (stop <= 0 || e.count < stop)) {
                out.add(entry(e, flags));
            }
        }
        return out;
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        for (int i = Math.max(0, entries.size() - length); i < entries.size(); i++) {
            out.add(entry(entries.get(i), flags));
        }
        return out;
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern glob = globToRegex(pattern == null || pattern.isEmpty() ? "*" : pattern);
        boolean unique = flags.contains(ResultFlag.UNIQUE);
        List<HistoryEntry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        // newest first, so that "unique" keeps the latest and "n" the last n
        for (int i = entries.size() - 1; i >= 0 && (length <= 0 || out.size() < length); i--) {
            Entry e = entries.get(i);
            if (glob.matcher(e.input).matches() && (!unique || seen.add(e.input))) {
                out.add(entry(e, flags));
            }
        }
        Collections.reverse(out);
        return out;
    }

    private static HistoryEntry entry(Entry e, Set<ResultFlag> flags) {
        return new HistoryEntry(SESSION, e.count, e.input,
                flags.contains(ResultFlag.INCLUDE_OUTPUT) ? e.output : null);
    }

    /** An sqlite-style glob: {@code *}, {@code ?}, {@code [abc]}, {@code [^abc]}. */
    static Pattern globToRegex(String glob) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> r.append(".*");
                case '?' -> r.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        r.append("\\[");
                    } else {
                        r.append('[').append(glob, i + 1, close).append(']');
                        i = close;
                    }
                }
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(r.toString(), Pattern.DOTALL);
    }
}
