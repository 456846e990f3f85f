package io.codecheck.ra.api;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one connection inside one transaction; see {@link CodeCheckDataSource#inTransaction}. */
@FunctionalInterface
public interface ConnectionCallback<T> {
    T doInTransaction(Connection connection) throws SQLException;
}
