package io.codecheck.ra.config;

/**
 * How a resource takes part in container transactions: the {@code transactionSupportLevel} property, valued as JCA's
 * {@code TransactionSupportLevel}. A read-only resource defaults to {@link #NO_TRANSACTION}: its reads need no
 * commit, and a container transaction may then hold it next to a read-write resource with local transactions.
 */
public enum TransactionMode {
    /** Never enlisted: each borrow runs on its own (auto-commit) session. */
    NO_TRANSACTION("NoTransaction"),
    /** Enlisted as a one-phase local transaction: one such resource per container transaction. */
    LOCAL_TRANSACTION("LocalTransaction"),
    /** Enlisted as an XA branch: two-phase commit with other XA resources; needs max_prepared_transactions > 0. */
    XA_TRANSACTION("XATransaction");

    private final String propertyValue;

    TransactionMode(String propertyValue) {
        this.propertyValue = propertyValue;
    }

    public String propertyValue() {
        return propertyValue;
    }

    /** {@code NoTransaction, LocalTransaction, XATransaction} */
    public static String allowedValues() {
        return Values.spellings(values(), TransactionMode::propertyValue);
    }

    /** Case-insensitive, surrounding blanks ignored, like the other enumerated properties. */
    static TransactionMode parse(Raw raw) {
        return Values.oneOf(raw, values(), TransactionMode::propertyValue);
    }

    @Override
    public String toString() {
        return propertyValue;
    }
}
