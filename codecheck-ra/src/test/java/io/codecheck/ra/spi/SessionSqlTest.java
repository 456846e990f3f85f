package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQL text may prove a session clean, never dirty: everything that is not one plain statement calling only
 * side-effect-free built-ins must come out "not proven", so that the session is reset.
 */
class SessionSqlTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1", "select 1;", "  SELECT 1 ;  -- done", "SELECT id, name FROM jurisdiction WHERE id = ?",
        "INSERT INTO bench_event (subject) VALUES (?)", "insert into s.t(a, b) values ($1, $2) returning id",
        "INSERT INTO \"Odd Table\" (\"a\") VALUES (1)", "UPDATE t SET x = x + 1 WHERE id IN (SELECT id FROM u)",
        "UPDATE t SET (a, b) = (1, 2)", "DELETE FROM t WHERE created_at < now() - interval '1 day'",
        "SELECT count(*), max(x), coalesce(y, 'a;b') FROM t GROUP BY z HAVING count(*) > 1",
        "SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t",
        "SELECT x::numeric(10, 2), CAST(y AS varchar(20)) FROM t",
        "WITH recent AS (SELECT * FROM t ORDER BY id DESC LIMIT 10) SELECT * FROM recent",
        "SELECT 'SET ROLE x; select set_config(1)' AS text", "SELECT $$; SET ROLE x$$",
        "SELECT E'it\\'s ; fine'", "SELECT 1 /* a /* nested */ ; comment */", "VALUES (1), (2)", "TABLE t",
        "SHOW statement_timeout", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s", "ROLLBACK TO SAVEPOINT s",
        "SELECT pg_advisory_xact_lock(1)", "SELECT * FROM t FOR UPDATE SKIP LOCKED",
        "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET n = excluded.n",
        "SELECT * FROM generate_series(1, 3) AS g(n)", "(SELECT 1) UNION (SELECT 2)",
        "SELECT EXISTS (SELECT 1 FROM t WHERE x = ANY(?))", "SELECT pg_backend_pid()",
        "SELECT current_setting('statement_timeout')", "SELECT \"temp\" FROM t", "",
        "SELECT id, name, type, created_at FROM jurisdiction WHERE id = ?"})
    void provablyClean(String sql) {
        assertTrue(SessionSql.provablyClean(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the rows of the issue
        "SET ROLE audit_priv", "SELECT 1; SET ROLE audit_priv", "/* a /* nested */ comment */ SET statement_timeout = 0",
        "SELECT 1 INTO TEMP leaked_tmp", "SELECT * INTO TEMPORARY t FROM u", "SELECT take_job(42)",
        // session-changing statements
        "SET search_path = x", "set local x = 1", "RESET ALL", "DISCARD ALL", "LISTEN ch", "UNLISTEN *",
        "PREPARE p AS SELECT 1", "DEALLOCATE ALL", "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
        "CREATE TEMP TABLE t (x int)", "create temporary table t (x int)", "CREATE TABLE t (x int)",
        "DO $$ BEGIN PERFORM set_config('role', 'x', false); END $$", "CALL p()", "COPY t FROM STDIN",
        "SET SESSION AUTHORIZATION other", "LOAD 'auto_explain'", "LOCK TABLE t", "EXPLAIN ANALYZE SELECT f()",
        // functions that change the session, or could
        "SELECT set_config('search_path', 'x', false)", "SELECT pg_advisory_lock(1)",
        "select pg_try_advisory_lock(1)", "SELECT nextval('s')", "SELECT lo_open(1, 262144)",
        "SELECT myschema.lower('x')", "SELECT pg_catalog.set_config('a', 'b', false)", "SELECT \"lower\"('x')",
        "INSERT INTO t VALUES (evil())", "UPDATE t SET x = f(1)", "SELECT * FROM t WHERE x = f(1)",
        "WITH x AS (SELECT f()) SELECT * FROM x", "SELECT * FROM dblink('x', 'SET ROLE y')",
        "SELECT 1 OPERATOR(pg_catalog.+) 1",
        // text the lexer does not follow, and more than one statement
        "SELECT 'a\\'; SET ROLE x; --'", "SELECT 1;;", "SELECT 1; SELECT 2", "BEGIN; SET ROLE x; COMMIT",
        "SELECT 1 /* unterminated", "SELECT 'unterminated", "{call f()}", "\\set x 1",
        "WITH RECURSIVE r(n) AS (SELECT 1) SELECT * FROM r"})
    void notProven(String sql) {
        assertFalse(SessionSql.provablyClean(sql), sql);
    }
}
