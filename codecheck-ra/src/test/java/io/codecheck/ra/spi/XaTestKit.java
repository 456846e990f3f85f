package io.codecheck.ra.spi;

import io.codecheck.ra.pg.XidCodec;
import io.codecheck.ra.testsupport.TestDatabase;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import javax.transaction.xa.Xid;

/**
 * What the XA tests share: branch ids of a test's own format id, and the server's view of prepared branches, read
 * and cleaned up as the superuser (a branch a failed test left prepared would hold its locks for every later test).
 */
final class XaTestKit {
    private static final AtomicLong SEQ = new AtomicLong();

    private XaTestKit() {
    }

    /** A transaction manager's branch id, unique in the run, of {@code formatId} (one per test class). */
    static Xid xid(int formatId) {
        byte[] gtrid = ByteBuffer.allocate(16).putLong(System.nanoTime()).putLong(SEQ.incrementAndGet()).array();
        byte[] bqual = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        return new XidCodec.Branch(formatId, gtrid, bqual);
    }

    /** How many prepared transactions the server holds for this branch (0 or 1). */
    static int prepared(Xid xid) throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection();
             var ps = admin.prepareStatement("SELECT count(*) FROM pg_prepared_xacts WHERE gid = ?")) {
            ps.setString(1, XidCodec.encode(xid));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Rolls back every prepared branch of {@code formatId}. */
    static void rollBackPrepared(int formatId) throws SQLException {
        try (Connection admin = TestDatabase.get().openAdminConnection(); Statement st = admin.createStatement()) {
            List<String> gids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT gid FROM pg_prepared_xacts WHERE gid LIKE '" + formatId
                    + "\\_%'")) {
                while (rs.next()) {
                    gids.add(rs.getString(1));
                }
            }
            for (String gid : gids) {
                st.execute("ROLLBACK PREPARED '" + gid + "'");
            }
        }
    }
}
