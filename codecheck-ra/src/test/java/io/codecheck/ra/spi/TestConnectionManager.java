package io.codecheck.ra.spi;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small connection manager that drives the adapter the way an application server does, so the SPI can be tested
 * outside a container (after Jaybird's InternalConnectionManager and Artemis' test connection manager): it pools
 * managed connections, reuses them through {@code matchManagedConnections}, calls {@code cleanup()} when the last
 * handle is closed, destroys a connection on CONNECTION_ERROR_OCCURRED, optionally validates with
 * {@code getInvalidConnections}, and can run a container-style transaction on the current thread that enlists the
 * connection through its {@code LocalTransaction} and shares it between handles.
 */
final class TestConnectionManager implements ConnectionManager, ConnectionEventListener {
    private static final long serialVersionUID = 1L;

    private final int maxSize;
    private final boolean validateOnBorrow;
    private final Deque<ManagedConnection> idle = new ArrayDeque<>();
    private final Set<ManagedConnection> all = new HashSet<>();
    private final Map<ManagedConnection, Integer> handlesOut = new IdentityHashMap<>();
    private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
    private final ThreadLocal<ManagedConnection[]> transaction = new ThreadLocal<>();

    TestConnectionManager(int maxSize, boolean validateOnBorrow) {
        this.maxSize = maxSize;
        this.validateOnBorrow = validateOnBorrow;
    }

    TestConnectionManager() {
        this(10, false);
    }

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection[] tx = transaction.get();
        if (mcf instanceof TransactionSupport ts
                && ts.getTransactionSupport() == TransactionSupport.TransactionSupportLevel.NoTransaction) {
            tx = null; // as a container does: never enlisted
        }
        if (tx != null && tx[0] != null) {
            return handOut(tx[0], info); // connection sharing inside one transaction
        }
        ManagedConnection mc = take(mcf, info);
        if (tx != null) {
            mc.getLocalTransaction().begin();
            tx[0] = mc;
        }
        return handOut(mc, info);
    }

    private synchronized ManagedConnection take(ManagedConnectionFactory mcf, ConnectionRequestInfo info)
            throws ResourceException {
        if (validateOnBorrow && !idle.isEmpty()) {
            @SuppressWarnings("unchecked")
            Set<ManagedConnection> invalid = ((ValidatingManagedConnectionFactory) mcf)
                    .getInvalidConnections(new HashSet<>(idle));
            for (ManagedConnection bad : invalid) {
                remove(bad);
            }
        }
        if (!idle.isEmpty()) {
            ManagedConnection match = mcf.matchManagedConnections(new HashSet<>(idle), null, info);
            if (match != null) {
                idle.remove(match);
                return match;
            }
        }
        if (all.size() >= maxSize) {
            throw new ResourceAllocationException("In-use connections equal max-pool-size (" + maxSize + ")");
        }
        ManagedConnection mc = mcf.createManagedConnection(null, info);
        mc.addConnectionEventListener(this);
        all.add(mc);
        return mc;
    }

    private Object handOut(ManagedConnection mc, ConnectionRequestInfo info) throws ResourceException {
        synchronized (this) {
            handlesOut.merge(mc, 1, Integer::sum);
        }
        return mc.getConnection(null, info);
    }

    // ---- container-style transactions on the current thread ----

    void begin() {
        if (transaction.get() != null) {
            throw new IllegalStateException("transaction already active");
        }
        transaction.set(new ManagedConnection[1]);
    }

    void commit() throws ResourceException {
        end(true);
    }

    void rollback() throws ResourceException {
        end(false);
    }

    private void end(boolean commit) throws ResourceException {
        ManagedConnection[] tx = transaction.get();
        transaction.remove();
        if (tx == null || tx[0] == null) {
            return;
        }
        ManagedConnection mc = tx[0];
        try {
            if (commit) {
                mc.getLocalTransaction().commit();
            } else {
                mc.getLocalTransaction().rollback();
            }
        } finally {
            synchronized (this) {
                if (all.contains(mc) && handlesOut.getOrDefault(mc, 0) == 0) {
                    returnToPool(mc);
                }
            }
        }
    }

    private boolean enlisted(ManagedConnection mc) {
        ManagedConnection[] tx = transaction.get();
        return tx != null && tx[0] == mc;
    }

    // ---- events ----

    @Override
    public void connectionClosed(ConnectionEvent event) {
        events.add(event);
        ManagedConnection mc = (ManagedConnection) event.getSource();
        synchronized (this) {
            int left = handlesOut.merge(mc, -1, Integer::sum);
            if (left <= 0) {
                handlesOut.remove(mc);
                if (all.contains(mc) && !enlisted(mc)) {
                    returnToPool(mc);
                }
            }
        }
    }

    private void returnToPool(ManagedConnection mc) {
        try {
            mc.cleanup();
            idle.push(mc);
        } catch (ResourceException e) {
            remove(mc);
        }
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
        events.add(event);
        ManagedConnection mc = (ManagedConnection) event.getSource();
        synchronized (this) {
            handlesOut.remove(mc);
            remove(mc);
        }
    }

    private void remove(ManagedConnection mc) {
        idle.remove(mc);
        all.remove(mc);
        try {
            mc.destroy();
        } catch (ResourceException ignored) {
            // already gone
        }
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {
        events.add(event);
    }

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {
        events.add(event);
    }

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {
        events.add(event);
    }

    // ---- for assertions ----

    List<ConnectionEvent> events() {
        return events;
    }

    List<Integer> eventTypes() {
        List<Integer> types = new ArrayList<>();
        for (ConnectionEvent e : events) {
            types.add(e.getId());
        }
        return types;
    }

    synchronized int idleCount() {
        return idle.size();
    }

    synchronized int size() {
        return all.size();
    }

    synchronized List<ManagedConnection> idleConnections() {
        return new ArrayList<>(idle);
    }

    /** Destroys every connection, as a container does when the pool is shut down. */
    synchronized void shutdown() {
        for (ManagedConnection mc : new ArrayList<>(all)) {
            remove(mc);
        }
        handlesOut.clear();
    }
}
