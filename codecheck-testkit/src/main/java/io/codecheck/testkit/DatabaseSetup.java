package io.codecheck.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Idempotent role and database creation, run as a superuser (or a role with CREATEROLE / CREATEDB). */
public final class DatabaseSetup {

    private DatabaseSetup() {
    }

    /** Creates the login role, or makes an existing one log in with this password (null: no password). */
    public static void ensureLoginRole(Connection admin, String role, String password) throws SQLException {
        boolean exists = exists(admin, "select 1 from pg_roles where rolname = ?", role);
        String passwordClause = password == null ? "" : " password " + literal(password);
        try (Statement st = admin.createStatement()) {
            st.execute((exists ? "alter role " : "create role ") + identifier(role) + " login" + passwordClause);
        }
    }

    /** Creates the database owned by {@code owner}; an existing one is handed over to {@code owner}. */
    public static void ensureDatabase(Connection admin, String database, String owner) throws SQLException {
        boolean exists = exists(admin, "select 1 from pg_database where datname = ?", database);
        try (Statement st = admin.createStatement()) {
            if (exists) {
                st.execute("alter database " + identifier(database) + " owner to " + identifier(owner));
            } else {
                st.execute("create database " + identifier(database) + " owner " + identifier(owner));
            }
        }
    }

    private static boolean exists(Connection admin, String sql, String name) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** DDL takes no bind parameters, hence quoting; inputs are test constants, not user data. */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
