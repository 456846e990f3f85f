package io.codecheck.ra.config;

/** Where a value came from, highest precedence first (declaration order is the precedence). */
enum Source {
    RESOURCE_PROPERTY("resource property"),
    URL_PROPERTY("url resource property"),
    DATABASE_URL("DATABASE_URL environment variable"),
    ENVIRONMENT("DB_* environment variable"),
    DEFAULT("default");

    private final String description;

    Source(String description) {
        this.description = description;
    }

    boolean outranksOrEquals(Source other) {
        return compareTo(other) <= 0; // the constants are declared from the highest precedence down
    }

    String description() {
        return description;
    }
}
