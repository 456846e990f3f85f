package io.codecheck.ra.config;

/**
 * The settings that are resolved with per-field precedence. {@code property} is the resource property name (and
 * the key in {@link ConnectionSettings#operatorView()}); {@code envVar} the seed's variable, if it has one.
 */
enum Field {
    SERVER_NAME("serverName", "DB_HOST"),
    PORT_NUMBER("portNumber", "DB_PORT"),
    DATABASE_NAME("databaseName", "DB_NAME"),
    USER("user", "DB_USER"),
    PASSWORD("password", "DB_PASSWORD"),
    SSL_MODE("sslMode", "DB_SSLMODE"),
    SSL_ROOT_CERT("sslRootCert", "DB_SSLROOTCERT"),
    SSL_CERT("sslCert", "DB_SSLCERT"),
    SSL_KEY("sslKey", "DB_SSLKEY"),
    SSL_PASSWORD("sslPassword", null),
    CONNECT_TIMEOUT("connectTimeout", "DB_TIMEOUT"),
    LOGIN_TIMEOUT("loginTimeout", "DB_TIMEOUT"),
    SOCKET_TIMEOUT("socketTimeout", null),
    STATEMENT_TIMEOUT("statementTimeout", "DB_STATEMENT_TIMEOUT"),
    IDLE_IN_TRANSACTION_TIMEOUT("idleInTransactionTimeout", "DB_IDLE_TIMEOUT"),
    READ_ONLY("readOnly", null),
    TARGET_SERVER_TYPE("targetServerType", null),
    LOAD_BALANCE_HOSTS("loadBalanceHosts", null),
    APPLICATION_NAME("applicationName", null),
    VALIDATION_TIMEOUT("validationTimeout", null),
    VALIDATION_INTERVAL("validationInterval", null),
    LEAK_DETECTION_THRESHOLD("leakDetectionThreshold", null),
    MAX_LIFETIME("maxLifetime", null),
    SESSION_RESET("sessionReset", null),
    TRANSACTION_SUPPORT("transactionSupportLevel", null),
    POOL_NAME("poolName", null);

    private final String property;
    private final String envVar;

    Field(String property, String envVar) {
        this.property = property;
        this.envVar = envVar;
    }

    String property() {
        return property;
    }

    String envVar() {
        return envVar;
    }

    boolean isSecret() {
        return this == PASSWORD || this == SSL_PASSWORD;
    }
}
