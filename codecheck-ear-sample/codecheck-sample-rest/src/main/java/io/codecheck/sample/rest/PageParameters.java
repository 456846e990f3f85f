package io.codecheck.sample.rest;

/**
 * The {@code limit} and {@code offset} query parameters of a list endpoint, parsed and bounded. The maximum keeps
 * one request from reading a whole table; the offset cap keeps {@code offset + limit}, the next page's offset, an
 * int.
 */
record PageParameters(int limit, int offset) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_OFFSET = 1_000_000_000;

    /** Text parameters, parsed here: JAX-RS would answer a non-number with 404 rather than 400. */
    static PageParameters parse(String limit, String offset) {
        return new PageParameters(bounded("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
                bounded("offset", offset, 0, 0, MAX_OFFSET));
    }

    PageParameters next() {
        return new PageParameters(limit, offset + limit);
    }

    private static int bounded(String name, String text, int absent, int min, int max) {
        if (text == null) {
            return absent;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            value = min - 1;
        }
        if (value < min || value > max) {
            throw new InvalidQueryParameterException(name + " must be a whole number from " + min + " to " + max);
        }
        return value;
    }
}
