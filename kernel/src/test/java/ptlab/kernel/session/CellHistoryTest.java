package ptlab.kernel.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CellHistoryTest {

    private final CellHistory history = new CellHistory();
    private final Set<ResultFlag> none = EnumSet.noneOf(ResultFlag.class);

    @BeforeEach
    void fill() {
        history.add(1, "6*7", "42");
        history.add(2, "int x = 1;", null);
        history.add(3, "6*7", "42");
        history.add(4, "x + 1", "2");
    }

    private static List<String> inputs(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getInput).toList();
    }

    @Test
    void tailGivesTheLastNInOrder() {
        assertEquals(List.of("6*7", "x + 1"), inputs(history.lookupTail(2, none)));
        assertEquals(4, history.lookupTail(10, none).size());
        assertNull(history.lookupTail(1, none).get(0).getOutput());
        assertEquals("2", history.lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
        assertEquals("", history.lookupTail(3, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
    }

    @Test
    void rangeIsStartInclusiveStopExclusive() {
        List<HistoryEntry> r = history.lookupRange(CellHistory.SESSION, 2, 4, none);
        assertEquals(List.of(2, 3), r.stream().map(HistoryEntry::getCellNumber).toList());
        assertEquals(CellHistory.SESSION, r.get(0).getSession());
        assertEquals(List.of(), history.lookupRange(99, 1, 4, none));
    }

    @Test
    void searchMatchesSqliteGlobsNewestLast() {
        assertEquals(List.of("6*7", "6*7"), inputs(history.search("6*", 0, none)));
        assertEquals(List.of("6*7"), inputs(history.search("6*", 0, EnumSet.of(ResultFlag.UNIQUE))));
        assertEquals(List.of("6*7", "x + 1"), inputs(history.search("*", 2, none)));
        assertEquals(List.of("int x = 1;"), inputs(history.search("int ?*", 0, none)));
        assertEquals(List.of("x + 1"), inputs(history.search("[wxy] + 1", 0, none)));
    }
}
