package io.codecheck.ra.jdbc;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * An SQL array as the application sees it. The driver's array reads its elements through a result set whose
 * statement belongs to the pooled physical connection, which would let {@code getResultSet().getStatement()
 * .getConnection()} reach the session after the borrow: its result sets are wrapped like metadata result sets
 * ({@code getStatement()} is {@code null}). Statements given one of these pass the driver's own array on. The plain
 * forwarding methods are generated into {@link GeneratedArrayDelegation}.
 */
final class ArrayWrapper extends GeneratedArrayDelegation {

    private ArrayWrapper(Array delegate, StatementOwner owner) {
        super(delegate, owner);
    }

    /** Wraps arrays and result sets the driver hands out as plain values; anything else is returned as it is. */
    static Object wrapValue(Object value, StatementOwner owner) {
        if (value instanceof Array a) {
            return a instanceof ArrayWrapper ? a : new ArrayWrapper(a, owner);
        }
        if (value instanceof ResultSet rs && !(rs instanceof ResultSetWrapper)) {
            return ResultSetWrapper.wrap(rs, null, owner); // a refcursor
        }
        if (value instanceof java.sql.Blob || value instanceof java.sql.Clob) {
            owner.exposed();
        }
        return value;
    }

    /**
     * For {@code getObject(column, type)}: wrapped when the wrapper is still of the type asked for; when the
     * application asks for the driver's own class ({@code PgArray}), it gets it and the session counts as exposed.
     */
    static <T> T wrapTyped(T value, Class<T> type, StatementOwner owner) {
        Object wrapped = wrapValue(value, owner);
        if (type.isInstance(wrapped)) {
            return type.cast(wrapped);
        }
        owner.exposed();
        return value;
    }

    /**
     * Large objects are read through the driver's large-object API on the session they came from, so one kept past
     * the borrow would run in the next borrower's session: handing one out counts as exposing the session.
     */
    static <L> L lob(L lob, StatementOwner owner) {
        if (lob != null) {
            owner.exposed();
        }
        return lob;
    }

    static Array wrap(Array array, StatementOwner owner) {
        return array == null ? null : (Array) wrapValue(array, owner);
    }

    /** What a statement passes to the driver: the driver's own array, which it can bind in binary form. */
    static Object unwrapValue(Object value) {
        return value instanceof ArrayWrapper w ? w.delegate : value;
    }

    @Override
    public Object getArray() throws SQLException {
        InFlight reading = owner.fetching(); // refuses once the handle is closed
        try {
            return delegate.getArray();
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            reading.end();
        }
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        InFlight reading = owner.fetching(); // refuses once the handle is closed
        try {
            return delegate.getArray(map);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            reading.end();
        }
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        InFlight reading = owner.fetching(); // refuses once the handle is closed
        try {
            return delegate.getArray(index, count);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            reading.end();
        }
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        InFlight reading = owner.fetching(); // refuses once the handle is closed
        try {
            return delegate.getArray(index, count, map);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            reading.end();
        }
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        InFlight reading = owner.fetching(); // refuses once the handle is closed
        try {
            return ResultSetWrapper.wrap(delegate.getResultSet(), null, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            reading.end();
        }
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        InFlight reading = owner.fetching(); // refuses once the handle is closed
        try {
            return ResultSetWrapper.wrap(delegate.getResultSet(map), null, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            reading.end();
        }
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        InFlight reading = owner.fetching(); // refuses once the handle is closed
        try {
            return ResultSetWrapper.wrap(delegate.getResultSet(index, count), null, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            reading.end();
        }
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        InFlight reading = owner.fetching(); // refuses once the handle is closed
        try {
            return ResultSetWrapper.wrap(delegate.getResultSet(index, count, map), null, owner);
        } catch (SQLException e) {
            throw owner.failed(e);
        } finally {
            reading.end();
        }
    }

    /** The driver's text form of the array ({@code {1,2,3}}), which drivers bind when given a foreign array. */
    @Override
    public String toString() {
        return delegate.toString();
    }
}
