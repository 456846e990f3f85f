package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.spi.InitialContextFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Review of Issue 11's refusal of a second local-transaction resource: every borrow of a LocalTransaction pool asks
 * {@code ContainerTransactions.registry()}, which caches only a found registry. On a thread without java:comp (a
 * plain {@code new Thread}, a non-component executor thread, an RMI thread, ...) the lookup fails with a
 * NamingException and is repeated, with an InitialContext and an exception built, on every borrow: a JNDI lookup on
 * the hot path. Fails on purpose until the negative result is cached (or the registry is taken from
 * BootstrapContext.getTransactionSynchronizationRegistry() at start).
 */
class RegistryLookupTest {
    static final AtomicInteger LOOKUPS = new AtomicInteger();

    /** A naming provider where java:comp is not bound, as on a thread that is not a component's. */
    public static final class NoCompFactory implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("lookup")) {
                            LOOKUPS.incrementAndGet();
                            throw new NameNotFoundException("java:comp is not bound on this thread");
                        }
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        if (method.getName().equals("getEnvironment")) {
                            return new Hashtable<>();
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private String previousFactory;

    @AfterEach
    void restore() throws Exception {
        ContainerTransactions.forgetRegistry();
        if (previousFactory == null) {
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        } else {
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, previousFactory);
        }
        resetRegistryCache();
    }

    @Test
    void aBorrowOnAThreadWithoutJavaCompDoesNotLookUpJndiEachTime() throws Exception {
        previousFactory = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, NoCompFactory.class.getName());
        resetRegistryCache();
        LOOKUPS.set(0);
        try (PoolFixture pool = new PoolFixture()) { // read-write: LocalTransaction
            for (int i = 0; i < 20; i++) {
                try (Connection c = pool.ds.getConnection()) {
                    c.isValid(1);
                }
            }
        }
        assertTrue(LOOKUPS.get() <= 1, "JNDI lookups for 20 borrows: " + LOOKUPS.get());
    }

    private static void resetRegistryCache() {
        ContainerTransactions.forgetRegistry();
    }
}
