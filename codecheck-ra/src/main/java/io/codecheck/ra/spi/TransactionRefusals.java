package io.codecheck.ra.spi;

import jakarta.resource.ResourceException;

import java.util.Locale;

/** The words for a container transaction that cannot take a resource: what happened and what to do instead. */
final class TransactionRefusals {
    private static final String WHAT_TO_DO = "a container transaction holds one resource with local transactions: "
            + "read through a resource with transactionSupportLevel=NoTransaction (the read-only resources' default), "
            + "run this part in a transaction of its own (REQUIRES_NEW or NOT_SUPPORTED), or use one resource for "
            + "both";

    private TransactionRefusals() {
    }

    static String secondLocalResource(String poolName, String holder) {
        return "codecheck-ra pool " + poolName + ": the current transaction already holds pool " + holder
                + "'s local transaction, so it cannot take this one; " + WHAT_TO_DO;
    }

    static String enlistmentRefused(String poolName, String containerMessage) {
        return "codecheck-ra pool " + poolName + ": the container could not enlist this resource in the current "
                + "transaction, which already holds another resource (" + containerMessage + "); " + WHAT_TO_DO;
    }

    /**
     * Whether a failed allocation is the container refusing to enlist: the transaction manager's
     * IllegalStateException (Payara, GlassFish: "Local transaction already has 1 non-XA Resource"), or a message
     * about enlisting (WildFly "Could not enlist", Liberty "J2CA0030E: Method enlist caught ...").
     */
    static boolean isEnlistmentRefusal(ResourceException e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof IllegalStateException) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains("enlist")) {
                return true;
            }
        }
        return false;
    }
}
