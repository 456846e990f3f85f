-- Free-text notes on a jurisdiction. The Payara Micro WAR writes and reads them through JPA (EclipseLink, persistence
-- unit "codecheck" over the read-write resource); everything else uses the adapter's JDBC helpers. The EAR has the
-- table but no JPA (README, "JPA").
CREATE TABLE jurisdiction_note (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    jurisdiction_id text        NOT NULL REFERENCES jurisdiction (id) ON DELETE CASCADE,
    body            text        NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX jurisdiction_note_jurisdiction ON jurisdiction_note (jurisdiction_id, id);
