package io.codecheck.ra.config;

/**
 * One unparsed value and where it came from, so that a parse error can point at the exact place.
 *
 * @param text     the value as given (never empty)
 * @param source   the precedence level
 * @param property the property or variable the user wrote: {@code sslMode}, {@code url}, {@code DB_SSLMODE}
 * @param origin   a human description, e.g. {@code url parameter 'sslmode'}
 * @param secret   whether {@code text} must never be shown
 */
record Raw(String text, Source source, String property, String origin, boolean secret) {

    static Raw of(String text, Source source, String property, String origin, boolean secret) {
        return new Raw(text, source, property, origin, secret);
    }

    String shown() {
        return secret ? "****" : "'" + text + "'";
    }

    ConfigurationException invalid(String expectation) {
        return new ConfigurationException(property, origin + ": " + shown() + " is not valid; " + expectation);
    }

    @Override
    public String toString() {
        return origin + "=" + shown();
    }
}
