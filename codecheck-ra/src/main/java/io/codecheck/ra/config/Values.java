package io.codecheck.ra.config;

import java.util.Locale;

/** Typed reading of {@link Raw} values; every failure names the origin and the accepted range. */
final class Values {

    /** pgjdbc multiplies second-based timeouts by 1000 into an int. */
    static final int MAX_SECONDS = Integer.MAX_VALUE / 1000;

    private Values() {
    }

    static int integer(Raw raw, int min, int max, String unit) {
        String expectation = max == Integer.MAX_VALUE
                ? "expected a whole number of " + unit + " >= " + min
                : "expected a whole number of " + unit + " from " + min + " to " + max;
        try {
            long value = Long.parseLong(raw.text().trim());
            if (value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw raw.invalid(expectation);
    }

    static int seconds(Raw raw) {
        return integer(raw, 0, MAX_SECONDS, "seconds (0 = no limit)");
    }

    static int millis(Raw raw, int min) {
        return integer(raw, min, Integer.MAX_VALUE, min == 0 ? "milliseconds (0 = off)" : "milliseconds");
    }

    static boolean bool(Raw raw) {
        switch (raw.text().trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1":
                return true;
            case "false", "off", "no", "0":
                return false;
            default:
                throw raw.invalid("expected true or false");
        }
    }
}
