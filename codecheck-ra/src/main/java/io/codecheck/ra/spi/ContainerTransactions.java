package io.codecheck.ra.spi;

import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.lang.System.Logger.Level;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.naming.NoInitialContextException;

/**
 * What the container's current JTA transaction already holds of this adapter, read from the standard
 * {@code TransactionSynchronizationRegistry}: a resource with local transactions records its pool there when the
 * container begins it, so that a second such resource can be refused by name before the container's own refusal
 * (which destroys the session it had already taken and reads like an exhausted pool).
 */
final class ContainerTransactions {
    private static final System.Logger LOG = System.getLogger(ContainerTransactions.class.getName());
    private static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";
    /** The registry's resource key; a class-private object would not survive the RAR's class loader being shared. */
    private static final String LOCAL_POOL_KEY = "io.codecheck.ra.local-transaction-pool";

    /** A failed JNDI lookup is not repeated for this long: borrows on threads without java:comp stay cheap. */
    private static final long LOOKUP_RETRY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    /** The server's registry: from the adapter's BootstrapContext, or else one JNDI lookup. One per server. */
    private static volatile TransactionSynchronizationRegistry registry;
    /** No JNDI at all here (a test's connection manager, a plain JVM): never look again. */
    private static volatile boolean noJndi;
    /** System.nanoTime() before which a failed lookup is not tried again; guarded by nothing (a benign race). */
    private static volatile long nextLookupNanos;

    private ContainerTransactions() {
    }

    /** The pool whose local transaction the current container transaction holds, or null (none, or unknown). */
    static String localPoolOfCurrentTransaction() {
        TransactionSynchronizationRegistry tsr = registry();
        if (tsr == null || tsr.getTransactionKey() == null) {
            return null;
        }
        Object pool = tsr.getResource(LOCAL_POOL_KEY);
        return pool instanceof String name ? name : null;
    }

    /** Whether the calling thread runs in an active container transaction; false where that cannot be known. */
    static boolean inActiveTransaction() {
        TransactionSynchronizationRegistry tsr = registry();
        return tsr != null && tsr.getTransactionStatus() == Status.STATUS_ACTIVE;
    }

    /**
     * Marks the current container transaction rollback-only.
     *
     * @throws IllegalStateException when there is none, or the registry cannot be found
     */
    static void setRollbackOnly() {
        // correctness, not speed: ignore an earlier failed lookup (another thread's) and ask again
        TransactionSynchronizationRegistry tsr = lookUp(true);
        if (tsr == null) {
            throw new IllegalStateException("no TransactionSynchronizationRegistry at " + REGISTRY);
        }
        tsr.setRollbackOnly();
    }

    /** Called as the container begins this pool's local transaction inside its JTA transaction. */
    static void localTransactionBegun(String poolName) {
        TransactionSynchronizationRegistry tsr = registry();
        if (tsr == null || tsr.getTransactionKey() == null) {
            return;
        }
        try {
            if (tsr.getResource(LOCAL_POOL_KEY) == null) {
                tsr.putResource(LOCAL_POOL_KEY, poolName);
            }
        } catch (IllegalStateException e) {
            // the transaction is already completing: nothing more can join it, so there is nothing to record
            LOG.log(Level.DEBUG, () -> "codecheck-ra pool " + poolName + ": transaction not active at begin: " + e);
        }
    }

    /** From {@code BootstrapContext.getTransactionSynchronizationRegistry()} at the adapter's start (may be null). */
    static void useRegistry(TransactionSynchronizationRegistry fromContainer) {
        if (fromContainer != null) {
            registry = fromContainer;
        }
    }

    private static TransactionSynchronizationRegistry registry() {
        return lookUp(false);
    }

    @SuppressWarnings("BanJNDI") // a fixed, standard java:comp name: nothing the lookup returns comes from outside
    private static TransactionSynchronizationRegistry lookUp(boolean evenAfterAFailure) {
        TransactionSynchronizationRegistry found = registry;
        if (found != null || noJndi || (!evenAfterAFailure && System.nanoTime() - nextLookupNanos < 0)) {
            return found;
        }
        try {
            found = (TransactionSynchronizationRegistry) new InitialContext().lookup(REGISTRY);
            registry = found;
            return found;
        } catch (NoInitialContextException e) {
            noJndi = true;
            return null;
        } catch (NamingException | ClassCastException e) {
            // a thread without java:comp (not a component's): a component's thread may ask again, a minute later
            nextLookupNanos = System.nanoTime() + LOOKUP_RETRY_NANOS;
            return null;
        }
    }

    /** For tests: as before the first lookup. */
    static void forgetRegistry() {
        registry = null;
        noJndi = false;
        nextLookupNanos = System.nanoTime();
    }
}
