package io.codecheck.ra.spi;

import io.codecheck.ra.pg.ErrorMessages;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.LocalTransactionException;

import java.sql.SQLException;

/**
 * The local transaction the container drives for container-managed (JTA) transactions. The container knows it
 * demarcates, so no LOCAL_TRANSACTION_* events are sent; application-demarcated transactions on a handle send them.
 */
final class ContainerLocalTransaction implements LocalTransaction {
    private final PgManagedConnection connection;

    ContainerLocalTransaction(PgManagedConnection connection) {
        this.connection = connection;
    }

    @Override
    public void begin() throws ResourceException {
        try {
            connection.beginContainerTransaction();
            ContainerTransactions.localTransactionBegun(connection.pool().poolName());
        } catch (SQLException e) {
            throw failure("begin", e);
        }
    }

    @Override
    public void commit() throws ResourceException {
        try {
            connection.endContainerTransaction(true);
        } catch (SQLException e) {
            throw failure("commit", e);
        }
    }

    @Override
    public void rollback() throws ResourceException {
        try {
            connection.endContainerTransaction(false);
        } catch (SQLException e) {
            throw failure("rollback", e);
        }
    }

    private LocalTransactionException failure(String step, SQLException e) {
        LocalTransactionException failure = new LocalTransactionException("codecheck-ra pool "
                + connection.pool().poolName() + ": " + step + " failed: " + ErrorMessages.safe(e), e.getSQLState());
        failure.initCause(e);
        return failure;
    }
}
