package io.codecheck.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Runs only where Docker answers (never on this project's CI machine, which has none). */
@Testcontainers(disabledWithoutDocker = true)
class DockerPostgresTest {

    @Test
    void aServerInDockerWithPasswordLoginsAndPreparedTransactions() throws SQLException {
        DockerPostgres pg = DockerPostgres.start("docker-Pw1");
        try {
            try (Connection c = DriverManager.getConnection(pg.adminUrl(), "postgres", "docker-Pw1");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW max_prepared_transactions")) {
                rs.next();
                assertEquals("20", rs.getString(1));
            }
            SQLException wrong = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(pg.adminUrl(), "postgres", "not-it").close());
            assertEquals("28P01", wrong.getSQLState());
        } finally {
            pg.stop();
        }
    }
}
