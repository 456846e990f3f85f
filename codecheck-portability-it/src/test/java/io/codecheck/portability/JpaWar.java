package io.codecheck.portability;

import io.codecheck.portability.app.jpa.JpaNote;
import io.codecheck.portability.app.jpa.NoteStore;
import io.codecheck.ra.testsupport.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The JPA test WAR ({@code jpa.war}, context root {@code jpa}): a persistence unit whose {@code <jta-data-source>}
 * and {@code <non-jta-data-source>} both name the server's ReadWrite resource as the server's own definition exposes
 * it, an entity with a table of its own, and an EJB. A WAR of its own, so that a server which cannot build the unit
 * fails this deployment only, not the adapter checks. No dialect or target database is set: detection is checked.
 */
public final class JpaWar {
    public static final String NAME = "jpa";
    /** The WAR's JPA operations under a server's HTTP root. */
    public static final String PATH = "/" + NAME + "/jpa";

    private JpaWar() {
    }

    /** The table the entity maps to, created over JDBC (the providers create nothing). */
    public static void createTable(TestDatabase db) throws SQLException {
        try (Connection c = db.openConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS jpa_note (id bigserial PRIMARY KEY, batch text NOT NULL, "
                    + "n int NOT NULL)");
        }
    }

    /** Rows of {@code batch} as PostgreSQL has them, read outside the server. */
    public static int countInDatabase(String batch) throws SQLException {
        try (Connection c = TestDatabase.get().openConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM jpa_note WHERE batch = ?")) {
            ps.setString(1, batch);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The WAR, its unit naming {@code jta} and {@code nonJta}. */
    public static WebArchive war(String jta, String nonJta) {
        return ShrinkWrap.create(WebArchive.class, NAME + ".war")
                .addPackage(JpaNote.class.getPackage())
                .addAsResource(new StringAsset(persistenceXml(jta, nonJta)), "META-INF/persistence.xml");
    }

    static String persistenceXml(String jta, String nonJta) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <persistence xmlns="https://jakarta.ee/xml/ns/persistence"
                             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                             xsi:schemaLocation="https://jakarta.ee/xml/ns/persistence https://jakarta.ee/xml/ns/persistence/persistence_3_0.xsd"
                             version="3.0">
                  <persistence-unit name="%s" transaction-type="JTA">
                    <jta-data-source>%s</jta-data-source>
                    <non-jta-data-source>%s</non-jta-data-source>
                    <class>%s</class>
                    <exclude-unlisted-classes>true</exclude-unlisted-classes>
                  </persistence-unit>
                </persistence>
                """.formatted(NoteStore.UNIT, jta, nonJta, JpaNote.class.getName());
    }
}
