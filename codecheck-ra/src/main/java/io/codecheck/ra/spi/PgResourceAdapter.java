package io.codecheck.ra.spi;

import io.codecheck.ra.pg.DriverRegistrations;
import io.codecheck.ra.pool.AdapterThreads;

import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.AuthenticationMechanism;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import javax.transaction.xa.XAResource;

/**
 * The resource adapter: outbound only. It keeps track of the connection factories of its resources so that
 * everything they run in the background stops with the adapter. Some servers start one adapter instance per
 * connection factory definition, so nothing here assumes a single instance.
 */
@Connector(displayName = "codecheck-ra",
        description = "Managed PostgreSQL connections for Jakarta EE: validation, TLS, timeouts, statistics",
        vendorName = "CodeCheck",
        eisType = "PostgreSQL",
        version = "0.1",
        // the most a resource may ask for; each resource's own level comes from its transactionSupportLevel
        transactionSupport = TransactionSupport.TransactionSupportLevel.XATransaction,
        reauthenticationSupport = false,
        authMechanisms = @AuthenticationMechanism(authMechanism = "BasicPassword",
                credentialInterface = AuthenticationMechanism.CredentialInterface.PasswordCredential))
public class PgResourceAdapter implements ResourceAdapter {
    private static final Logger LOG = Logger.getLogger(PgResourceAdapter.class.getName());
    /**
     * Loaded with this class because stop() needs them: Liberty removes the RAR's file when the adapter leaves
     * server.xml, and a class first loaded in stop() could then no longer be read (a ClassFormatError, seen once in
     * OpenLibertyIT).
     */
    @SuppressWarnings("unused")
    private static final List<Class<?>> STOP_NEEDS = List.of(DriverRegistrations.class, AdapterThreads.class);

    /** The live pools of this adapter's factories; a pool leaves when its factory is dropped and collected. */
    private final Set<PoolLifecycle> pools =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        // the container's own handle on its transactions: no JNDI lookup, whatever thread later borrows
        if (context != null) {
            ContainerTransactions.useRegistry(context.getTransactionSynchronizationRegistry());
        }
        LOG.fine("codecheck-ra started");
    }

    @Override
    public void stop() {
        List<PoolLifecycle> stopping;
        synchronized (pools) {
            stopping = new ArrayList<>(pools);
            pools.clear();
        }
        for (PoolLifecycle pool : stopping) {
            pool.shutdown();
        }
        // So that the RAR's class loader can be collected. The pools open sessions through pgjdbc's Driver class,
        // never through DriverManager, so instances of this adapter that still run (some servers start one per
        // connection factory definition) lose nothing.
        DriverRegistrations.deregisterDriversOf(PgResourceAdapter.class.getClassLoader());
        // and so that the container's thread calling us does not keep it either (see AdapterThreads)
        if (AdapterThreads.releaseCallerContextLoader(PgResourceAdapter.class.getClassLoader())) {
            LOG.fine("codecheck-ra: the stopping thread's context class loader was the adapter's; it is now its "
                    + "parent");
        }
        LOG.fine("codecheck-ra stopped");
    }

    void track(PoolLifecycle pool) {
        pools.add(pool);
    }

    void untrack(PoolLifecycle pool) {
        pools.remove(pool);
    }

    int livePools() {
        return pools.size();
    }

    @Override
    public void endpointActivation(MessageEndpointFactory endpointFactory, ActivationSpec spec)
            throws ResourceException {
        throw new NotSupportedException("codecheck-ra is outbound only: it has no message endpoints");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory endpointFactory, ActivationSpec spec) {
        // nothing is ever activated (see endpointActivation)
    }

    /** No inbound transactions to recover. */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // The adapter has no configuration of its own, so all instances are interchangeable.
    @Override
    public boolean equals(Object o) {
        return o instanceof PgResourceAdapter;
    }

    @Override
    public int hashCode() {
        return PgResourceAdapter.class.hashCode();
    }
}
