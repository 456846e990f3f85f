package io.codecheck.ra.config;

import java.util.Map;

/** Builds the {@link Layer}s of each source, highest precedence first. */
final class Layers {

    static final String DATABASE_URL = "DATABASE_URL";
    static final String URL_PROPERTY = "url";

    private Layers() {
    }

    /** The individually set resource properties, including {@code driverProperties}. */
    static Layer resourceProperties(PropertyValues v) {
        Layer layer = new Layer(Source.RESOURCE_PROPERTY);
        put(layer, Field.SERVER_NAME, v.serverName());
        put(layer, Field.PORT_NUMBER, v.portNumber());
        put(layer, Field.DATABASE_NAME, v.databaseName());
        put(layer, Field.USER, v.user());
        put(layer, Field.PASSWORD, v.password());
        put(layer, Field.SSL_MODE, v.sslMode());
        put(layer, Field.SSL_ROOT_CERT, v.sslRootCert());
        put(layer, Field.SSL_CERT, v.sslCert());
        put(layer, Field.SSL_KEY, v.sslKey());
        put(layer, Field.SSL_PASSWORD, v.sslPassword());
        put(layer, Field.CONNECT_TIMEOUT, v.connectTimeout());
        put(layer, Field.LOGIN_TIMEOUT, v.loginTimeout());
        put(layer, Field.SOCKET_TIMEOUT, v.socketTimeout());
        put(layer, Field.STATEMENT_TIMEOUT, v.statementTimeout());
        put(layer, Field.IDLE_IN_TRANSACTION_TIMEOUT, v.idleInTransactionTimeout());
        put(layer, Field.READ_ONLY, v.readOnly());
        put(layer, Field.TARGET_SERVER_TYPE, v.targetServerType());
        put(layer, Field.LOAD_BALANCE_HOSTS, v.loadBalanceHosts());
        put(layer, Field.APPLICATION_NAME, v.applicationName());
        put(layer, Field.VALIDATION_TIMEOUT, v.validationTimeout());
        put(layer, Field.VALIDATION_INTERVAL, v.validationInterval());
        put(layer, Field.LEAK_DETECTION_THRESHOLD, v.leakDetectionThreshold());
        put(layer, Field.MAX_LIFETIME, v.maxLifetime());
        put(layer, Field.SESSION_RESET, v.sessionReset());
        put(layer, Field.TRANSACTION_SUPPORT, v.transactionSupportLevel());
        put(layer, Field.POOL_NAME, v.poolName());
        for (Map.Entry<String, String> e : DriverPropertiesParser.parse(v.driverProperties()).entrySet()) {
            String origin = DriverPropertiesParser.PROPERTY + " entry '" + e.getKey() + "'";
            layer.putDriverProperty(e.getKey(), e.getValue(), DriverPropertiesParser.PROPERTY, origin);
        }
        return layer;
    }

    /** The {@code url} resource property, or null when it is not set. */
    static Layer urlProperty(PropertyValues v) {
        return isSet(v.url()) ? PostgresUrl.parse(v.url(), URL_PROPERTY, Source.URL_PROPERTY) : null;
    }

    /** {@code DATABASE_URL}, or null when it is not set. */
    static Layer databaseUrl(Environment env) {
        String url = env.get(DATABASE_URL);
        return isSet(url) ? PostgresUrl.parse(url, DATABASE_URL, Source.DATABASE_URL) : null;
    }

    /** The seed's {@code DB_*} variables ({@code DB_TIMEOUT} sets both connect and login timeout). */
    static Layer environment(Environment env) {
        Layer layer = new Layer(Source.ENVIRONMENT);
        for (Field field : Field.values()) {
            String name = field.envVar();
            if (name != null) {
                layer.put(field, env.get(name), name, name);
            }
        }
        return layer;
    }

    private static void put(Layer layer, Field field, Object value) {
        if (value != null) {
            layer.put(field, value.toString(), field.property(), field.property());
        }
    }

    private static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }
}
