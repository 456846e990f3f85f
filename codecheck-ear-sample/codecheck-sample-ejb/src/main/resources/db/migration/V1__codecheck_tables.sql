-- The CodeCheck tables used by the sample. Identifiers of jurisdictions are chosen by clients (slugs such as
-- 'us-ca-los-angeles'); everything else gets a generated id.

CREATE TABLE jurisdiction (
    id         text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name       text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    type       text        NOT NULL CHECK (type IN ('city', 'county', 'state', 'country')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Which edition of a model code (IBC, IRC, ...) a jurisdiction adopted, and from when.
CREATE TABLE code_adoption (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    jurisdiction_id text   NOT NULL REFERENCES jurisdiction (id) ON DELETE CASCADE,
    code_family     text   NOT NULL CHECK (code_family ~ '^[A-Z][A-Z0-9-]{0,15}$'),
    edition         text   NOT NULL CHECK (edition ~ '^[0-9]{4}$'),
    effective_from  date   NOT NULL,
    -- one row per edition: the same adoption listed twice is a conflict, and makes the whole request roll back
    CONSTRAINT code_adoption_once UNIQUE (jurisdiction_id, code_family, edition)
);

CREATE TABLE rule (
    id          text PRIMARY KEY,
    code_family text NOT NULL,
    section_ref text NOT NULL,
    title       text NOT NULL
);

CREATE INDEX rule_code_family ON rule (code_family);

CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action     text        NOT NULL,
    detail     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
