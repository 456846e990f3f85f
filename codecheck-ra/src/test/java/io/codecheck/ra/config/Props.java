package io.codecheck.ra.config;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Test builder for {@link PropertyValues}, by property name. */
final class Props {
    private final Map<String, Object> v = new HashMap<>();

    static Props props() {
        return new Props();
    }

    Props set(String name, Object value) {
        if (java.util.Arrays.stream(Property.values()).noneMatch(p -> p.property().equals(name))) {
            throw new IllegalArgumentException("no property " + name);
        }
        v.put(name, value);
        return this;
    }

    Props url(String s) { return set("url", s); }
    Props serverName(String s) { return set("serverName", s); }
    Props portNumber(Integer i) { return set("portNumber", i); }
    Props databaseName(String s) { return set("databaseName", s); }
    Props user(String s) { return set("user", s); }
    Props password(String s) { return set("password", s); }
    Props sslMode(String s) { return set("sslMode", s); }
    Props sslRootCert(String s) { return set("sslRootCert", s); }
    Props sslCert(String s) { return set("sslCert", s); }
    Props sslKey(String s) { return set("sslKey", s); }
    Props sslPassword(String s) { return set("sslPassword", s); }
    Props connectTimeout(Integer i) { return set("connectTimeout", i); }
    Props loginTimeout(Integer i) { return set("loginTimeout", i); }
    Props socketTimeout(Integer i) { return set("socketTimeout", i); }
    Props statementTimeout(Integer i) { return set("statementTimeout", i); }
    Props idleInTransactionTimeout(Integer i) { return set("idleInTransactionTimeout", i); }
    Props readOnly(Boolean b) { return set("readOnly", b); }
    Props targetServerType(String s) { return set("targetServerType", s); }
    Props loadBalanceHosts(Boolean b) { return set("loadBalanceHosts", b); }
    Props applicationName(String s) { return set("applicationName", s); }
    Props validationTimeout(Integer i) { return set("validationTimeout", i); }
    Props validationInterval(Integer i) { return set("validationInterval", i); }
    Props leakDetectionThreshold(Integer i) { return set("leakDetectionThreshold", i); }
    Props maxLifetime(Integer i) { return set("maxLifetime", i); }
    Props sessionReset(String s) { return set("sessionReset", s); }
    Props transactionSupportLevel(String s) { return set("transactionSupportLevel", s); }
    Props poolName(String s) { return set("poolName", s); }
    Props driverProperties(String s) { return set("driverProperties", s); }

    PropertyValues build() {
        Map<Property, Object> values = new EnumMap<>(Property.class);
        for (Property p : Property.values()) {
            values.put(p, v.get(p.property()));
        }
        return PropertyValues.of(values);
    }

    ConnectionSettings resolve() {
        return resolve(Map.of());
    }

    ConnectionSettings resolve(Map<String, String> env) {
        return ConnectionSettings.resolve(build(), Environment.of(env));
    }

}
