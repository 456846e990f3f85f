package io.codecheck.ra.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Typed reading of {@link Raw} values; every failure names the origin and the accepted range. */
final class Values {

    /**
     * The largest second-based timeout: pgjdbc multiplies {@code connectTimeout} and {@code socketTimeout} by 1000
     * into an int (a larger value makes every connection attempt fail), and so does the adapter when it puts the
     * socket timeout back after a handle changed it.
     */
    static final int MAX_SECONDS = Integer.MAX_VALUE / 1000;

    /**
     * The largest millisecond value: PostgreSQL takes {@code statement_timeout} and
     * {@code idle_in_transaction_session_timeout} up to INT_MAX ms, and the adapter's own millisecond settings are
     * ints too (turned into nanoseconds as longs, which cannot overflow).
     */
    static final int MAX_MILLIS = Integer.MAX_VALUE;

    /** The largest validation timeout: whole seconds for pgjdbc's {@code isValid(int)}, see {@link #MAX_SECONDS}. */
    static final int MAX_VALIDATION_TIMEOUT_MILLIS = MAX_SECONDS * 1000;

    private Values() {
    }

    static int integer(Raw raw, int min, int max, String unit) {
        Long value = parse(raw);
        if (value != null && value >= min && value <= max) {
            return (int) (long) value;
        }
        throw raw.invalid("expected a whole number" + (unit.isEmpty() ? "" : " of " + unit) + " from " + min + " to "
                + max);
    }

    private static Long parse(Raw raw) {
        try {
            return Long.parseLong(raw.text().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int seconds(Raw raw) {
        return integer(raw, 0, MAX_SECONDS, "seconds (0 = no limit)");
    }

    static int millis(Raw raw, int min) {
        return integer(raw, min, MAX_MILLIS, min == 0 ? "milliseconds (0 = off)" : "milliseconds");
    }

    /**
     * Milliseconds that are whole seconds, from 1 s to {@link #MAX_VALIDATION_TIMEOUT_MILLIS}: for timeouts that
     * pgjdbc only takes in seconds, so that what is configured is exactly what applies.
     */
    static int wholeSecondsInMillis(Raw raw, String why) {
        Long value = parse(raw);
        if (value != null && value >= 1000 && value <= MAX_VALIDATION_TIMEOUT_MILLIS && value % 1000 == 0) {
            return (int) (long) value;
        }
        throw raw.invalid("expected whole seconds written in milliseconds: 1000, 2000, ... "
                + MAX_VALIDATION_TIMEOUT_MILLIS + " (" + why + ")");
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

    /** One of an enum's property spellings, in any case and with blanks around; else the error lists them all. */
    static <E extends Enum<E>> E oneOf(Raw raw, E[] values, Function<E, String> spelling) {
        String normalized = raw.text().trim().toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (spelling.apply(value).toLowerCase(Locale.ROOT).equals(normalized)) {
                return value;
            }
        }
        throw raw.invalid("allowed values are " + spellings(values, spelling));
    }

    /** The spellings, comma-separated, in declaration order. */
    static <E extends Enum<E>> String spellings(E[] values, Function<E, String> spelling) {
        return Arrays.stream(values).map(spelling).collect(Collectors.joining(", "));
    }
}
