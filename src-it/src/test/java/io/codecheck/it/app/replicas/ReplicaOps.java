package io.codecheck.it.app.replicas;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.HealthStatus;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only resource (primary and two standbys) and the read-write one (primary and the standby that the
 * failover test promotes). No container transaction: each call stands alone, and writes commit in the helper, so
 * every error a caller sees is the adapter's own exception.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReplicaOps {
    public static final String READ_ONLY = "java:app/it/replicas/ReadOnly";
    public static final String READ_WRITE = "java:app/it/replicas/ReadWrite";

    @Resource(lookup = READ_ONLY)
    CodeCheckDataSource readOnly;

    @Resource(lookup = READ_WRITE)
    CodeCheckDataSource readWrite;

    public Map<String, Object> health(boolean rw) {
        HealthStatus h = (rw ? readWrite : readOnly).health();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("healthy", h.healthy());
        out.put("replica", h.replica());
        out.put("error", String.valueOf(h.error()));
        return out;
    }

    /**
     * Takes {@code count} connections at once (no transaction, so each is its own physical session) and reports, for
     * each, the server port it landed on and whether that server is a standby: "port:replica,port:replica,...".
     */
    public String sessions(boolean rw, int count) throws SQLException {
        List<Connection> held = new ArrayList<>();
        List<String> where = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Connection c = (rw ? readWrite : readOnly).getConnection();
                held.add(c);
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("select inet_server_port(), pg_is_in_recovery()")) {
                    rs.next();
                    where.add(rs.getInt(1) + ":" + rs.getBoolean(2));
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        return String.join(",", where);
    }

    /** One committed insert through the read-write resource; where it landed. */
    public Map<String, Object> write(String batch) {
        return readWrite.queryOne("insert into it_items (batch, n) values (?, 1)"
                + " returning inet_server_port() as port, pg_is_in_recovery() as replica", batch).orElseThrow();
    }
}
