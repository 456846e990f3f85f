package io.codecheck.ra.config;

/**
 * What a read-only resource with {@code maxReplicaLag} does when every standby it may use lags more than that: the
 * {@code replicaLagFallback} property.
 */
public enum ReplicaLagFallback {
    /** Read from the primary: what was written is always there (read-your-writes), at the primary's expense. */
    PRIMARY("primary"),
    /** Fail the borrow with SQLState 08001 (a {@code DatabaseConnectionException} from the helpers). */
    FAIL("fail");

    private final String propertyValue;

    ReplicaLagFallback(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    public String propertyValue() {
        return propertyValue;
    }

    /** {@code primary, fail} */
    public static String allowedValues() {
        return Values.spellings(values(), ReplicaLagFallback::propertyValue);
    }

    /** Case-insensitive, surrounding blanks ignored, like the other enumerated properties. */
    static ReplicaLagFallback parse(Raw raw) {
        return Values.oneOf(raw, values(), ReplicaLagFallback::propertyValue);
    }

    @Override
    public String toString() {
        return propertyValue;
    }
}
