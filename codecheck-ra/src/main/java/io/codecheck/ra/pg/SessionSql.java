package io.codecheck.ra.pg;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Proves from its text that a statement leaves nothing behind in the session, so that the common SELECT/INSERT
 * borrower gives its session back without a {@code DISCARD ALL} round trip.
 *
 * <p>Text can only ever prove a session clean, never dirty: anything this class cannot prove is reset. "Clean" is
 * one plain statement (SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, TABLE, WITH, SHOW or transaction control)
 * whose every function call is a built-in that changes no session state, with no {@code SELECT ... INTO} and no
 * temporary object. Several statements in one string, SET, DO, CALL, COPY, PREPARE, LISTEN, DECLARE, any other
 * function (a user function can run {@code set_config}, take an advisory lock or {@code SET ROLE}), a
 * schema-qualified or quoted function name, or text this lexer does not follow (a backslash in a plain string) are
 * not proven. A parenthesis after a word is a call unless the word is one PostgreSQL reserves (never a function
 * name) or stands where the grammar allows no call ({@code ) OVER (}, {@code GROUP BY (}).
 *
 * <p>INSERT, MERGE and DEFAULT may draw from a sequence (a serial or identity column), and {@code nextval} does,
 * which sets the session's {@code currval}/{@code lastval}: such statements are {@link #SEQUENCES}, undone with the
 * cheaper {@code DISCARD SEQUENCES} (sent with the COMMIT when the adapter commits).
 *
 * <p>What the text does not show is trusted: triggers, column defaults, rules, views, row policies, user-defined
 * operators or casts, functions reached through attribute notation ({@code t.f}) and functions of the application
 * that overload a built-in's name (the resource's {@code sessionReset=always} covers them). Verdicts are cached per
 * SQL text, so an application's constant SQL is lexed once.
 */
public final class SessionSql {

    /** Statements whose kind leaves no session state, when what follows passes the other checks. */
    private static final String[] PLAIN_STATEMENTS = {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES",
        "TABLE", "WITH", "SHOW", "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE"};

    /** Words that decide whether the parenthesis after the next word is a call. */
    private static final String[] CONTEXT_KEYWORDS = {"AS", "ON", "GROUP", "ORDER", "PARTITION"};

    /**
     * Words PostgreSQL never takes for a function name (its reserved and column-name keywords): a parenthesis after
     * them is grammar ({@code IN (}, {@code EXISTS (}, {@code COALESCE (}) or a type modifier ({@code varchar(20)}).
     */
    private static final Set<String> NEVER_FUNCTIONS = Set.copyOf(List.of(
            // reserved
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
            "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
            "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
            "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
            "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
            "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
            "session_user", "some", "symmetric", "system_user", "table", "then", "to", "trailing", "true", "union",
            "unique", "user", "using", "variadic", "when", "where", "window", "with",
            // column-name keywords: grammar forms and types, never functions
            "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists",
            "extract", "float", "greatest", "grouping", "inout", "int", "integer", "interval", "json", "json_array",
            "json_arrayagg", "json_exists", "json_object", "json_objectagg", "json_query", "json_scalar",
            "json_serialize", "json_table", "json_value", "least", "merge_action", "national", "nchar", "none",
            "normalize", "nullif", "numeric", "out", "overlay", "position", "precision", "real", "row", "setof",
            "smallint", "substring", "time", "timestamp", "treat", "trim", "values", "varchar", "xmlattributes",
            "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
            "xmlserialize", "xmltable"));

    /**
     * Built-in functions (and grammar forms written like calls) that change no session state. Deliberately absent:
     * {@code set_config}, session advisory locks, {@code nextval}/{@code setval}, large-object and dblink
     * functions, {@code pg_notify}, anything that signals other backends.
     */
    private static final Set<String> PURE_FUNCTIONS = Set.copyOf(List.of(
            // aggregates and window functions
            "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or", "every",
            "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop", "stddev_samp",
            "variance", "var_pop", "var_samp", "bit_and", "bit_or", "percentile_cont", "percentile_disc", "mode",
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value",
            "last_value", "nth_value", "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept",
            // conditionals and grammar forms
            "coalesce", "nullif", "greatest", "least", "cast", "extract", "position", "substring", "trim",
            "overlay", "current_timestamp", "current_time", "localtime", "localtimestamp", "grouping",
            // strings
            "lower", "upper", "length", "char_length", "character_length", "octet_length", "bit_length", "substr",
            "btrim", "ltrim", "rtrim", "replace", "concat", "concat_ws", "left", "right", "lpad", "rpad", "strpos",
            "split_part", "format", "initcap", "md5", "sha256", "sha512", "regexp_replace", "regexp_match",
            "regexp_matches", "regexp_split_to_array", "regexp_split_to_table", "regexp_like", "regexp_count",
            "regexp_substr", "starts_with", "reverse", "repeat", "translate", "ascii", "chr", "encode", "decode",
            "quote_ident", "quote_literal", "quote_nullable", "to_hex", "convert_from", "convert_to", "unistr",
            "normalize", "string_to_array", "array_to_string", "string_to_table",
            // numbers
            "abs", "ceil", "ceiling", "floor", "round", "trunc", "mod", "power", "pow", "sqrt", "cbrt", "exp", "ln",
            "log", "log10", "sign", "div", "pi", "degrees", "radians", "random", "width_bucket", "gcd", "lcm",
            "sin", "cos", "tan", "asin", "acos", "atan", "atan2",
            // dates and times
            "now", "date_trunc", "date_part", "date_bin", "age", "make_date", "make_time", "make_timestamp",
            "make_timestamptz", "make_interval", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
            "timeofday", "to_char", "to_date", "to_timestamp", "to_number", "justify_days", "justify_hours",
            "justify_interval", "isfinite", "timezone", "date_add", "date_subtract",
            // json
            "to_json", "to_jsonb", "row_to_json", "array_to_json", "json_build_object", "jsonb_build_object",
            "json_build_array", "jsonb_build_array", "json_object", "jsonb_object", "jsonb_set", "jsonb_set_lax",
            "jsonb_insert", "json_extract_path", "jsonb_extract_path", "json_extract_path_text",
            "jsonb_extract_path_text", "json_array_elements", "jsonb_array_elements", "json_array_elements_text",
            "jsonb_array_elements_text", "json_each", "jsonb_each", "json_each_text", "jsonb_each_text",
            "json_object_keys", "jsonb_object_keys", "json_array_length", "jsonb_array_length", "json_typeof",
            "jsonb_typeof", "jsonb_strip_nulls", "json_strip_nulls", "jsonb_pretty", "jsonb_path_query",
            "jsonb_path_query_array", "jsonb_path_query_first", "jsonb_path_exists", "jsonb_path_match",
            "json_populate_record", "jsonb_populate_record", "json_to_record", "jsonb_to_record",
            "json_to_recordset", "jsonb_to_recordset", "json_scalar", "json_serialize", "json_exists",
            "json_value", "json_query", "json_array", "json_objectagg", "json_arrayagg",
            // arrays and sets
            "array_length", "array_lower", "array_upper", "array_ndims", "array_dims", "cardinality",
            "array_position", "array_positions", "array_remove", "array_replace", "array_append", "array_prepend",
            "array_cat", "array_fill", "generate_series", "generate_subscripts", "trim_array", "array_sample",
            "array_shuffle", "unnest",
            // uuid, bytes, network, text search, geometry-free misc
            "gen_random_uuid", "uuidv4", "uuidv7", "get_byte", "set_byte", "get_bit", "set_bit", "host", "masklen",
            "network", "broadcast", "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery",
            "websearch_to_tsquery", "ts_rank", "ts_rank_cd", "ts_headline", "setweight", "numnode", "querytree",
            // reading the session and the server (reading changes nothing)
            "current_setting", "current_database", "current_schema", "current_schemas", "current_catalog",
            "current_user", "session_user", "current_role", "version", "pg_backend_pid", "pg_is_in_recovery",
            "pg_last_xact_replay_timestamp", "pg_last_wal_replay_lsn", "pg_current_wal_lsn", "txid_current",
            "txid_current_if_assigned", "pg_current_xact_id", "pg_current_xact_id_if_assigned", "pg_sleep",
            "pg_sleep_for", "pg_typeof", "pg_column_size", "pg_size_pretty", "pg_database_size", "pg_table_size",
            "pg_relation_size", "pg_total_relation_size", "pg_postmaster_start_time", "pg_conf_load_time",
            "has_table_privilege", "has_schema_privilege", "has_database_privilege", "has_column_privilege",
            "pg_has_role", "inet_client_addr", "inet_server_addr", "inet_server_port", "obj_description",
            "col_description", "format_type", "to_regclass", "pg_listening_channels",
            // transaction-scoped advisory locks end with the transaction
            "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared", "pg_try_advisory_xact_lock",
            "pg_try_advisory_xact_lock_shared"));

    /** Changes no session state. */
    public static final int CLEAN = 0;
    /** Changes no session state but the sequences' {@code currval}/{@code lastval}. */
    public static final int SEQUENCES = 1;
    /** Not proven: the session must be reset. */
    static final int NOT_PROVEN = 2;
    /** Mask of the three verdicts above; the bits below say what kind of statement it is. */
    public static final int VERDICT = 3;
    /** COMMIT or END: the statement whose success the server fakes when the transaction has failed. */
    public static final int COMMIT = 4;
    /** ROLLBACK or ABORT (not ROLLBACK TO SAVEPOINT). */
    public static final int ROLLBACK = 8;
    /** BEGIN or START (TRANSACTION): a transaction block begun as SQL. */
    public static final int BEGIN = 16;

    private static final int CACHE_SIZE = 1024; // a power of two
    private static final int CACHED_LENGTH = 4096;
    /** Verdicts by SQL text; racy by design, each slot is one immutable entry, a lost write costs one lexing. */
    private static final Verdict[] CACHE = new Verdict[CACHE_SIZE];

    private record Verdict(String sql, int verdict) {
    }

    private SessionSql() {
    }

    /** True only when {@code sql} provably leaves no session state behind; null or blank SQL runs nothing. */
    static boolean provablyClean(String sql) {
        return (judge(sql) & VERDICT) == CLEAN;
    }

    /**
     * {@link #CLEAN}, {@link #SEQUENCES} or {@link #NOT_PROVEN} (read with {@link #VERDICT}), with {@link #COMMIT}
     * or {@link #ROLLBACK} set for transaction-ending statements.
     */
    @SuppressWarnings("ReferenceEquality") // a prepared statement passes the same String each time: skip equals()
    public static int judge(String sql) {
        if (sql == null) {
            return CLEAN;
        }
        int slot = sql.hashCode() & (CACHE_SIZE - 1);
        Verdict cached = CACHE[slot];
        if (cached != null && (cached.sql == sql || cached.sql.equals(sql))) {
            return cached.verdict;
        }
        int verdict = new Scan(sql).verdict();
        if (sql.length() <= CACHED_LENGTH) {
            CACHE[slot] = new Verdict(sql, verdict);
        }
        return verdict;
    }

    /** Whether the statement is a COMMIT (or END): the one statement whose success the server can fake. */
    public static boolean isCommit(String sql) {
        return (judge(sql) & COMMIT) != 0;
    }

    /** One pass over the text; a parenthesis is judged by the name before it and what came before that name. */
    private static final class Scan {
        private static final int NONE = 0;
        private static final int WORD = 1;
        private static final int QUOTED_NAME = 2;
        private static final int CLOSE = 3; // a closing parenthesis

        private final String sql;
        private final int n;
        private int i;
        private boolean sawStatement;
        private boolean sequences;     // INSERT, MERGE or DEFAULT seen
        private int previous = NONE;   // the kind of the last token
        private int wordStart;         // the last word, when previous == WORD
        private int wordEnd;
        private String previousKeyword = ""; // INSERT, MERGE, INTO, AS, ON, GROUP, ORDER or PARTITION, just read
        private boolean expectTable;   // after INSERT/MERGE INTO, and after "schema." of that table
        private boolean castPending;   // after ::
        private boolean dotPending;    // after "name."
        private boolean nameIsTable;   // the last name is the target table: a column list may follow
        private boolean nameIsTypeOrAlias; // the last name follows :: or AS: a type modifier or column aliases follow
        private boolean nameIsQualified;
        private boolean afterClose;    // the last word came right after a closing parenthesis
        private int depth;             // parentheses open
        private long cteBodies;        // bit d: the parenthesis at depth d opened a WITH query's body (AS ( ... ))
        private boolean closedCteBody; // the last token closed a WITH query's body at the outer level
        private boolean sawSelect;     // the statement has a SELECT (INSERT ... SELECT ... JOIN ... ON f(x))
        private boolean firstWordWith;
        private boolean firstWordInsert;
        private int words;             // words read so far
        private int kind;              // COMMIT or ROLLBACK when the statement ends the transaction
        private String keywordBefore = ""; // previousKeyword as it was before the last word

        Scan(String sql) {
            this.sql = sql;
            this.n = sql.length();
        }

        int verdict() {
            boolean proven = clean();
            return (proven ? sequences ? SEQUENCES : CLEAN : NOT_PROVEN) | kind;
        }

        private boolean clean() {
            while (true) {
                skipSpaceAndComments();
                if (i < 0) {
                    return false; // an unterminated comment: not something to reason about
                }
                if (i >= n) {
                    return true;
                }
                char c = sql.charAt(i);
                if (isWordStart(c)) {
                    if ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'' && sawStatement) {
                        i++;
                        if (!skipEscapeString()) {
                            return false;
                        }
                        other();
                        continue;
                    }
                    int start = i;
                    while (i < n && isWordPart(sql.charAt(i))) {
                        i++;
                    }
                    if (!word(start, i)) {
                        return false;
                    }
                    continue;
                }
                if (!sawStatement && c != '(') {
                    return false; // the statement does not start with a word this class knows
                }
                switch (c) {
                    case '\'':
                        if (!skipPlainString()) {
                            return false;
                        }
                        other();
                        break;
                    case '"':
                        if (!skipQuotedName()) {
                            return false;
                        }
                        name(QUOTED_NAME);
                        previousKeyword = "";
                        break;
                    case '$':
                        if (!skipDollar()) {
                            return false;
                        }
                        other();
                        break;
                    case ';':
                        i++;
                        skipSpaceAndComments();
                        return i == n; // nothing but whitespace and comments may follow: one statement
                    case '(':
                        if (!parenthesisAllowed()) {
                            return false;
                        }
                        boolean cteBody = previous == WORD && depth == 0 && firstWordWith
                                && (is(wordStart, wordEnd - wordStart, "AS")
                                || is(wordStart, wordEnd - wordStart, "MATERIALIZED"));
                        i++;
                        other();
                        if (depth < 63) {
                            cteBodies = cteBody ? cteBodies | 1L << depth : cteBodies & ~(1L << depth);
                        }
                        depth++;
                        break;
                    case ')':
                        i++;
                        other();
                        depth = Math.max(0, depth - 1);
                        closedCteBody = depth == 0 && (cteBodies & 1L) != 0;
                        previous = CLOSE;
                        break;
                    case ':':
                        boolean cast = i + 1 < n && sql.charAt(i + 1) == ':';
                        i += cast ? 2 : 1;
                        other();
                        castPending = cast;
                        break;
                    case '.':
                        i++;
                        boolean qualifies = previous == WORD || previous == QUOTED_NAME;
                        boolean table = qualifies && nameIsTable;
                        other();
                        dotPending = qualifies;
                        expectTable = table;
                        break;
                    case '\\':
                        return false; // psql meta-commands and the like: not SQL this lexer follows
                    default:
                        i++;
                        if (c >= '0' && c <= '9') {
                            while (i < n && (isWordPart(sql.charAt(i)) || sql.charAt(i) == '.')) {
                                i++;
                            }
                        }
                        other();
                        break;
                }
            }
        }

        /** Judges a word; false when it makes the statement unprovable. */
        private boolean word(int start, int end) {
            int len = end - start;
            words++;
            if (words == 1) {
                kind = is(start, len, "COMMIT") || is(start, len, "END") ? COMMIT
                        : is(start, len, "ROLLBACK") || is(start, len, "ABORT") ? ROLLBACK
                        : is(start, len, "BEGIN") || is(start, len, "START") ? BEGIN : 0;
            } else if (kind == ROLLBACK && words <= 3 && is(start, len, "TO")) {
                kind = 0; // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT]: the transaction goes on
            }
            // INSERT or MERGE is the statement's own keyword only first, or right after the last WITH query's body
            boolean statementKeyword = !sawStatement || (previous == CLOSE && closedCteBody);
            if (!sawStatement) {
                if (!isPlainStatement(start, len)) {
                    return false;
                }
                sawStatement = true;
                firstWordWith = is(start, len, "WITH");
                firstWordInsert = is(start, len, "INSERT");
            } else if (is(start, len, "INTO")) {
                if (!"INSERT".equals(previousKeyword) && !"MERGE".equals(previousKeyword)) {
                    return false; // SELECT ... INTO creates a table
                }
                other();
                previousKeyword = "INTO";
                expectTable = true;
                return true;
            } else if (is(start, len, "TEMP") || is(start, len, "TEMPORARY")) {
                return false;
            }
            if (is(start, len, "SELECT")) {
                sawSelect = true;
            }
            String keyword = "";
            if (statementKeyword && (is(start, len, "INSERT") || is(start, len, "MERGE"))) {
                keyword = is(start, len, "INSERT") ? "INSERT" : "MERGE";
                sequences = true;
            } else if (is(start, len, "DEFAULT")) {
                sequences = true;
            } else {
                keyword = contextKeyword(start, len);
            }
            afterClose = previous == CLOSE;
            keywordBefore = previousKeyword;
            name(WORD);
            wordStart = start;
            wordEnd = end;
            previousKeyword = keyword;
            return true;
        }

        private String contextKeyword(int start, int len) {
            for (String k : CONTEXT_KEYWORDS) {
                if (is(start, len, k)) {
                    return k;
                }
            }
            return "";
        }

        private boolean isPlainStatement(int start, int len) {
            for (String k : PLAIN_STATEMENTS) {
                if (is(start, len, k)) {
                    return true;
                }
            }
            return false;
        }

        private boolean is(int start, int len, String upperWord) {
            return len == upperWord.length() && sql.regionMatches(true, start, upperWord, 0, len);
        }

        /** A name was read: what may follow it depends on what came before it. */
        private void name(int kind) {
            nameIsTable = expectTable;
            nameIsTypeOrAlias = castPending || "AS".equals(previousKeyword);
            nameIsQualified = dotPending;
            previous = kind;
            expectTable = false;
            castPending = false;
            dotPending = false;
        }

        private void other() {
            previous = NONE;
            previousKeyword = "";
            expectTable = false;
            castPending = false;
            dotPending = false;
        }

        /**
         * A parenthesis after a name is a call unless the name is a type, an alias, the target table, a word
         * PostgreSQL never takes for a function name, or a word in a place where the grammar allows no call.
         */
        private boolean parenthesisAllowed() {
            if (previous != WORD && previous != QUOTED_NAME) {
                return true; // after an operator, a comma, a literal or a parenthesis: grouping
            }
            if (nameIsTable || nameIsTypeOrAlias) {
                return true;
            }
            if (previous == QUOTED_NAME || nameIsQualified) {
                return false; // "f"(...) or schema.f(...): not provably a built-in
            }
            int len = wordEnd - wordStart;
            if (afterClose && (is(wordStart, len, "OVER") || is(wordStart, len, "FILTER"))) {
                return true; // count(*) OVER (...), count(*) FILTER (...): a call cannot follow ) directly
            }
            if (is(wordStart, len, "BY") && ("GROUP".equals(keywordBefore) || "ORDER".equals(keywordBefore)
                    || "PARTITION".equals(keywordBefore))) {
                return true;
            }
            if (is(wordStart, len, "CONFLICT") && "ON".equals(keywordBefore) && firstWordInsert && !sawSelect) {
                return true; // INSERT INTO t ... VALUES ... ON CONFLICT (...): no join whose ON could call conflict()
            }
            if (is(wordStart, len, "MATERIALIZED") && "AS".equals(keywordBefore)) {
                return true; // WITH x AS MATERIALIZED (...)
            }
            if (is(wordStart, len, "NEXTVAL")) {
                sequences = true; // sets currval/lastval, which DISCARD SEQUENCES resets: an ORM's id fetch
                return true;
            }
            String name = sql.substring(wordStart, wordEnd).toLowerCase(Locale.ROOT);
            return NEVER_FUNCTIONS.contains(name) || PURE_FUNCTIONS.contains(name);
        }

        /** Sets i past whitespace and comments; -1 when a block comment does not end. */
        private void skipSpaceAndComments() {
            while (i < n) {
                char c = sql.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                    i += 2; // the server and pgjdbc end a line comment at \n or \r
                    while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                        i++;
                    }
                } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                    int depth = 1; // PostgreSQL's block comments nest
                    i += 2;
                    while (depth > 0) {
                        if (i + 1 >= n) {
                            i = -1;
                            return;
                        }
                        if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
                            depth++;
                            i += 2;
                        } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
                            depth--;
                            i += 2;
                        } else {
                            i++;
                        }
                    }
                } else {
                    return;
                }
            }
        }

        /** 'text' with '' for a quote; a backslash is refused, since its meaning depends on a server setting. */
        private boolean skipPlainString() {
            i++;
            while (i < n) {
                char c = sql.charAt(i++);
                if (c == '\\') {
                    return false;
                }
                if (c == '\'') {
                    if (i < n && sql.charAt(i) == '\'') {
                        i++;
                    } else {
                        return true;
                    }
                }
            }
            return false;
        }

        /** E'text' with backslash escapes; i is at the opening quote. */
        private boolean skipEscapeString() {
            i++;
            while (i < n) {
                char c = sql.charAt(i++);
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    if (i < n && sql.charAt(i) == '\'') {
                        i++;
                    } else {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean skipQuotedName() {
            i++;
            while (i < n) {
                if (sql.charAt(i++) == '"') {
                    if (i < n && sql.charAt(i) == '"') {
                        i++;
                    } else {
                        return true;
                    }
                }
            }
            return false;
        }

        /** $1 (a parameter) or $tag$...$tag$ (a string). */
        private boolean skipDollar() {
            int j = i + 1;
            if (j < n && Character.isDigit(sql.charAt(j))) {
                while (j < n && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                i = j;
                return true;
            }
            while (j < n && sql.charAt(j) != '$') {
                if (!isWordPart(sql.charAt(j)) || sql.charAt(j) == '$') {
                    return false;
                }
                j++;
            }
            if (j >= n) {
                return false;
            }
            String tag = sql.substring(i, j + 1);
            int close = sql.indexOf(tag, j + 1);
            if (close < 0) {
                return false;
            }
            i = close + tag.length();
            return true;
        }

        /** As PostgreSQL's lexer: every character beyond ASCII may be part of a name. */
        private static boolean isWordStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c > 127;
        }

        private static boolean isWordPart(char c) {
            return isWordStart(c) || (c >= '0' && c <= '9') || c == '$';
        }
    }
}
