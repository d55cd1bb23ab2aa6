package ptlab.bench;

import java.util.List;
import java.util.Locale;

import ptlab.os.SwitchCost;

/**
 * Context-switch ping-pong, like with like: one byte through two pipes between two threads of one process and
 * between two processes, both sides pinned to one CPU so that every hop is a switch ({@link SwitchCost}, the same
 * measurement notebook 07 shows). One round trip is two switches.
 */
final class Switches {

    List<Row> measure(int batches, int roundTrips) throws Exception {
        SwitchCost c = SwitchCost.measure(roundTrips, batches);
        String how = batches + " batches of " + roundTrips + " round trips, pinned to CPU " + c.cpus()
                + "; median of the batches' µs per switch; sender switched out %.2f times per round trip";
        return List.of(
                new Row("context switch: two threads, one CPU (pipe)", us(c.threadMicros()),
                        "fastest batch " + us(c.threadFloorMicros()), Row.ratio(c.threadMicros(), c.threadFloorMicros()), "", "",
                        String.format(Locale.ROOT, how, c.threadSwitchesPerRoundTrip())),
                new Row("context switch: two processes, one CPU (pipe)", us(c.processMicros()),
                        "two threads " + us(c.threadMicros()), Row.ratio(c.processMicros(), c.threadMicros()), "", "",
                        String.format(Locale.ROOT, how, c.processSwitchesPerRoundTrip())
                                + "; fastest batch " + us(c.processFloorMicros())));
    }

    private static String us(double micros) {
        return String.format(Locale.ROOT, "%.2f µs", micros);
    }
}
