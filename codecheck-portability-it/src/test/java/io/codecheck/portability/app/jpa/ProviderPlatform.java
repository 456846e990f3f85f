package io.codecheck.portability.app.jpa;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the JPA provider detected about the database, read by reflection: the WAR compiles against the Jakarta EE API
 * only and carries no provider jar (the provider is the server's), so it works on Hibernate and EclipseLink alike.
 */
final class ProviderPlatform {
    private ProviderPlatform() {
    }

    /** {@code delegate}: {@code EntityManager.getDelegate()}, the provider's own EntityManager. */
    static Map<String, String> of(Object delegate) throws ReflectiveOperationException {
        Map<String, String> out = new LinkedHashMap<>();
        String type = delegate.getClass().getName();
        out.put("delegate", type);
        if (type.startsWith("org.hibernate.")) {
            // SessionImpl.getFactory().getJdbcServices().getDialect(): the dialect Hibernate chose from the
            // connection's DatabaseMetaData
            Object dialect = call(call(call(delegate, "getFactory"), "getJdbcServices"), "getDialect");
            out.put("platform", dialect.getClass().getName());
            out.put("version", String.valueOf(call(dialect, "getVersion")));
        } else if (type.startsWith("org.eclipse.persistence.")) {
            // JpaEntityManager.getDatabaseSession().getDatasourcePlatform(): the platform EclipseLink detected
            Object platform = call(call(delegate, "getDatabaseSession"), "getDatasourcePlatform");
            out.put("platform", platform.getClass().getName());
        } else {
            out.put("platform", "unknown provider");
        }
        return out;
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }
}
