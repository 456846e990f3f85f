package io.codecheck.ra.spi;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection manager of the non-managed mode (no application server): each request opens a session and closing
 * the handle closes it. Useful for tools and tests; inside a container the container's pool is used instead.
 */
final class UnpooledConnectionManager implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info)
            throws ResourceException {
        ManagedConnection mc = mcf.createManagedConnection(null, info);
        mc.addConnectionEventListener(new DestroyWhenDone(mc));
        try {
            return mc.getConnection(null, info);
        } catch (ResourceException | RuntimeException e) {
            mc.destroy();
            throw e;
        }
    }

    /** Each session has exactly one user, so closing or breaking the handle ends the session. */
    private static final class DestroyWhenDone implements ConnectionEventListener {
        private final ManagedConnection mc;

        DestroyWhenDone(ManagedConnection mc) {
            this.mc = mc;
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            destroy();
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            destroy();
        }

        private void destroy() {
            try {
                mc.destroy();
            } catch (ResourceException e) {
                throw new IllegalStateException(e);
            }
        }

        // Application-demarcated local transactions need no bookkeeping here: the session is not shared and is
        // destroyed, not reused, when its handle closes.
        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            // see above
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            // see above
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            // see above
        }
    }
}
