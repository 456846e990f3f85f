package io.codecheck.ra.spi;

import io.codecheck.ra.pg.ErrorMessages;
import io.codecheck.ra.pg.PgSession;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ManagedConnectionMetaData;

import java.sql.SQLException;


/** What the container shows about a pooled session: read from the session itself. */
final class PgManagedConnectionMetaData implements ManagedConnectionMetaData {
    private final PgSession connection;
    private final String poolName;

    PgManagedConnectionMetaData(PgSession connection, String poolName) {
        this.connection = connection;
        this.poolName = poolName;
    }

    @Override
    public String getEISProductName() throws ResourceException {
        try {
            return connection.metaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The server version reported at login (e.g. {@code 17.2}); no round trip. */
    @Override
    public String getEISProductVersion() throws ResourceException {
        try {
            return connection.metaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The server's {@code max_connections}: one round trip, asked only when a container or console wants it. */
    @Override
    public int getMaxConnections() throws ResourceException {
        try {
            return connection.maxConnections();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public String getUserName() throws ResourceException {
        try {
            return connection.metaData().getUserName();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private ResourceException failure(SQLException e) {
        ResourceException failure = new ResourceException("codecheck-ra pool " + poolName + ": "
                + ErrorMessages.safe(e), e.getSQLState());
        failure.initCause(e);
        return failure;
    }
}
