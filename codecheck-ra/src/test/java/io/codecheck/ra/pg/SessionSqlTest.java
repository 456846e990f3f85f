package io.codecheck.ra.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
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
        "DELETE FROM t WHERE created_at < now() - interval '1 day'",
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
        assertNotEquals(SessionSql.NOT_PROVEN, SessionSql.judge(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t (x) VALUES (1)", "insert into t default values",
        "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN "
        + "UPDATE SET x = 1", "UPDATE t SET x = DEFAULT", "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO NOTHING",
        "WITH x AS MATERIALIZED (SELECT 1) INSERT INTO t SELECT * FROM x", "select nextval('hibernate_sequence')",
        "SELECT NEXTVAL('s'), 1"})
    void statementsThatMayDrawFromASequenceAreCleanButForTheSequences(String sql) {
        assertEquals(SessionSql.SEQUENCES, SessionSql.judge(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1", "SELECT id, name FROM jurisdiction WHERE id = ?", "UPDATE t SET x = 1",
        "DELETE FROM t WHERE id = ?", "SELECT 'insert' AS x"})
    void readsUpdatesAndDeletesAreClean(String sql) {
        assertEquals(SessionSql.CLEAN, SessionSql.judge(sql), sql);
    }

    @Test
    void verdictsAreCachedButNeverConfused() {
        String clean = "SELECT 1";
        String dirty = new String("SET ROLE x"); // distinct instances, perhaps the same cache slot
        for (int i = 0; i < 3; i++) {
            assertTrue(SessionSql.provablyClean(clean));
            assertFalse(SessionSql.provablyClean(dirty));
            assertFalse(SessionSql.provablyClean(new String("SELECT 1; SET ROLE x")));
        }
    }

    @Test
    void transactionEndsAreMarked() {
        assertEquals(SessionSql.COMMIT, SessionSql.judge("COMMIT") & SessionSql.COMMIT);
        assertEquals(SessionSql.COMMIT, SessionSql.judge("end work") & SessionSql.COMMIT);
        for (String rollback : new String[] {"ROLLBACK", "rollback work", "ABORT", "ROLLBACK TRANSACTION"}) {
            assertEquals(SessionSql.ROLLBACK, SessionSql.judge(rollback) & SessionSql.ROLLBACK, rollback);
        }
        for (String savepoint : new String[] {"ROLLBACK TO SAVEPOINT s", "rollback to s", "ROLLBACK WORK TO s",
            "SELECT 1", "BEGIN", "RELEASE s"}) {
            assertEquals(0, SessionSql.judge(savepoint) & (SessionSql.COMMIT | SessionSql.ROLLBACK), savepoint);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMMIT", " commit;", "/* c */ END", "end transaction"})
    void commitsAreRecognised(String sql) {
        assertTrue(SessionSql.isCommit(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 'COMMIT'", "ROLLBACK", "-- COMMIT\nSELECT 1", "COMMITTED"})
    void otherStatementsAreNoCommits(String sql) {
        assertFalse(SessionSql.isCommit(sql), sql);
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
        "select pg_try_advisory_lock(1)", "SELECT lo_open(1, 262144)",
        "SELECT myschema.lower('x')", "SELECT pg_catalog.set_config('a', 'b', false)", "SELECT \"lower\"('x')",
        "INSERT INTO t VALUES (evil())", "UPDATE t SET x = f(1)", "SELECT * FROM t WHERE x = f(1)",
        "WITH x AS (SELECT f()) SELECT * FROM x", "SELECT * FROM dblink('x', 'SET ROLE y')",
        "SELECT 1 OPERATOR(pg_catalog.+) 1",
        // text the lexer does not follow, and more than one statement
        "SELECT 'a\\'; SET ROLE x; --'", "SELECT 1;;", "SELECT 1; SELECT 2", "BEGIN; SET ROLE x; COMMIT",
        "SELECT 1 /* unterminated", "SELECT 'unterminated", "{call f()}", "\\set x 1",
        "WITH RECURSIVE r(n) AS (SELECT 1) SELECT * FROM r",
        // found by review: \r ends a line comment for the server and pgjdbc
        "SELECT --\r set_config('statement_timeout', '0', false)", "SELECT 1 --\r;SET ROLE audit_priv",
        // INTO after a word spelled insert that is no INSERT
        "SELECT 42 AS insert INTO pg_temp.leaked", "SELECT 42 insert INTO pg_temp.leaked",
        // words PostgreSQL may take for a function name, non-ASCII names, sequences read
        "SELECT join(1)", "SELECT over(1)", "SELECT x FROM t WHERE y IS (1)", "SELECT lower\u20ac(1)",
        "SELECT set(1)", "SELECT by(1)", "SELECT currval('s')", "SELECT lastval()", "UPDATE t SET (a, b) = (1, 2)",
        "SELECT * FROM a JOIN (SELECT 1) b ON true",
        // second review: a bare label after a parenthesis is no INSERT; conflict() outside INSERT ... VALUES
        "SELECT (42) insert INTO pg_temp.x", "SELECT (42) merge INTO pg_temp.x",
        "MERGE INTO t USING s ON conflict(s.id) WHEN MATCHED THEN DELETE",
        "INSERT INTO t SELECT a FROM b JOIN c ON conflict(1)",
        "WITH x AS (SELECT 1) SELECT (2) insert INTO pg_temp.y"})
    void notProven(String sql) {
        assertFalse(SessionSql.provablyClean(sql), sql);
    }
}
