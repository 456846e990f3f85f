package io.codecheck.it.app.bouncer;

import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Container-managed transactions (REQUIRED unless stated) through a PgBouncer in transaction pooling. */
@Stateless
public class BouncerOps {

    @Resource(lookup = BouncerNames.READ_WRITE)
    CodeCheckDataSource readWrite;

    @Resource(lookup = BouncerNames.READ_ONLY)
    CodeCheckDataSource readOnly;

    @Resource
    SessionContext context;

    @EJB
    BouncerOps self;

    public void insertTwo(String batch) {
        readWrite.update("insert into it_items (batch, n) values (?, 1)", batch);
        readWrite.update("insert into it_items (batch, n) values (?, 2)", batch);
    }

    /** Two rows, then a system exception: the container rolls back both. */
    public void insertTwoThenFail(String batch) {
        insertTwo(batch);
        throw new IllegalStateException("deliberate system exception after the inserts of " + batch);
    }

    public void insertTwoThenSetRollbackOnly(String batch) {
        insertTwo(batch);
        context.setRollbackOnly();
    }

    /** Longer than the resource's statementTimeout. */
    public void sleep(double seconds) {
        readWrite.query("select pg_sleep(?)", seconds);
    }

    /** A write through the read-only resource. */
    public void writeThroughReadOnly(String batch) {
        readOnly.update("insert into it_items (batch, n) values (?, 1)", batch);
    }

    /**
     * SET LOCAL in a container transaction holds for its other statements (one server connection for the whole
     * transaction), and a later transaction, on whatever server connection, does not see it.
     */
    public String[] setLocalThenShowHereAndInTheNextTransaction() throws SQLException {
        String here;
        try (Connection c = readWrite.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET LOCAL work_mem = '7MB'");
            try (ResultSet rs = s.executeQuery("SHOW work_mem")) {
                rs.next();
                here = rs.getString(1);
            }
        }
        try (Connection again = readWrite.getConnection(); Statement s = again.createStatement();
             ResultSet rs = s.executeQuery("SHOW work_mem")) {
            rs.next();
            return new String[] {here, rs.getString(1), self.showWorkMemInANewTransaction()};
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public String showWorkMemInANewTransaction() throws SQLException {
        try (Connection c = readWrite.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW work_mem")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A session-level SET would stay on a server connection other clients get: refused. */
    public void plainSet() throws SQLException {
        try (Connection c = readWrite.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET work_mem = '9MB'");
        }
    }
}
