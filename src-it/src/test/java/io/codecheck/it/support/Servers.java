package io.codecheck.it.support;

import io.codecheck.ra.testsupport.PostgresTestServer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Client-side helpers around the test servers: connection properties for pools, schema, admin queries. */
public final class Servers {

    private Servers() {
    }

    /** serverName, portNumber, databaseName, user, password of the server's application role. */
    public static Map<String, Object> connection(PostgresTestServer server) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("serverName", server.host());
        props.put("portNumber", server.port());
        props.put("databaseName", server.database());
        props.put("user", server.user());
        props.put("password", server.password());
        return props;
    }

    /** The table the tests write, owned by the application role; emptied. */
    public static void createItemsTable(PostgresTestServer server) {
        try (Connection c = server.openConnection(); Statement st = c.createStatement()) {
            st.execute("create table if not exists it_items (id bigserial primary key, batch text not null,"
                    + " n int not null, created timestamptz not null default now())");
            st.execute("truncate it_items");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create it_items on " + server, e);
        }
    }

    /** Rows of a batch, counted through an admin connection (outside the container). */
    public static long countItems(PostgresTestServer server, String batch) {
        return adminLong(server, "select count(*) from it_items where batch = ?", batch);
    }

    public static long adminLong(PostgresTestServer server, String sql, Object... params) {
        try (Connection c = server.openAdminConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + server, e);
        }
    }
}
