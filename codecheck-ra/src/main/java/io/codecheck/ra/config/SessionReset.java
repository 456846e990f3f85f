package io.codecheck.ra.config;

/**
 * When a session that goes back to the pool is reset server-side with {@code DISCARD ALL}.
 *
 * <p>{@link #AUTO} resets it unless every statement of the borrow was proven clean from its SQL text. Code the text
 * does not show (triggers, column defaults, rules, views, row-level-security policies, user-defined operators or
 * casts) is trusted not to change session state: a trigger that takes an advisory lock or calls
 * {@code set_config(..., false)} behind a plain {@code INSERT} reaches the next borrower. {@link #ALWAYS} resets
 * every returned session, for one round trip per borrow.
 */
public enum SessionReset {
    AUTO("auto"),
    ALWAYS("always");

    private final String propertyValue;

    SessionReset(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    /** The spelling of the property value, e.g. {@code always}. */
    public String propertyValue() {
        return propertyValue;
    }

    /** {@code auto, always} */
    public static String allowedValues() {
        return Values.spellings(values(), SessionReset::propertyValue);
    }

    /** Case-insensitive, surrounding blanks ignored, like the other enumerated properties. */
    static SessionReset parse(Raw raw) {
        return Values.oneOf(raw, values(), SessionReset::propertyValue);
    }

    @Override
    public String toString() {
        return propertyValue;
    }
}
