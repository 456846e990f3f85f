-- A Flyway callback, run after every migrate. The schema history belongs to the role that migrates: default
-- privileges that give the application's roles rights on every new table (docs/managed-postgresql.md,
-- "Least-privilege roles") give them this one too. Taken back here, so that the read-write role cannot add or
-- rewrite rows that say which migrations ran. Nothing happens when one role does everything.
DO $$
DECLARE
    grantee text;
BEGIN
    FOR grantee IN
        SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.oid = 'flyway_schema_history'::regclass AND a.grantee <> c.relowner
    LOOP
        EXECUTE 'REVOKE ALL ON flyway_schema_history FROM ' || grantee;
    END LOOP;
END
$$;
