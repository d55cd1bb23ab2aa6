package ptlab.bench;

import java.util.Locale;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * One line of the bench table: a figure, our number, the floor or the other kernel it is compared with, the
 * ratio, the goal and whether it is met.
 *
 * @param figure what is measured
 * @param ours   our measured number, with its spread
 * @param other  the floor (or the other system), with its spread; "" when there is none
 * @param ratio  ours divided by the floor, or "" when there is none
 * @param goal   the goal in words; "" when there is none
 * @param met    "yes", "no" or "" (no goal)
 * @param note   how it was measured, one short sentence
 */
record Row(String figure, String ours, String other, String ratio, String goal, String met, String note) {

    static String ratio(double ours, double floor) {
        return floor <= 0 ? "" : String.format(Locale.ROOT, "%.2fx", ours / floor);
    }

    static String met(boolean met) {
        return met ? "yes" : "no";
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** One JSON object on one line: the fields by their names. */
    String toJson() {
        return GSON.toJson(this);
    }
}
