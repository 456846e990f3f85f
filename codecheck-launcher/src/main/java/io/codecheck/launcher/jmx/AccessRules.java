package io.codecheck.launcher.jmx;

import java.util.Set;

import javax.management.ObjectName;

/**
 * Which {@link javax.management.MBeanServer} calls a role may make. The JDK's own agent only knows readonly and
 * readwrite, and readwrite includes invoking {@code com.sun.management:type=DiagnosticCommand} (jvmtiAgentLoad runs
 * arbitrary code), so the operator's writes are limited to the adapter's pool MBeans. Anything not listed is refused.
 */
final class AccessRules {

    /** The ObjectName domain and type of the adapter's pools (see PoolMBeanRegistration in codecheck-ra). */
    static final String POOL_DOMAIN = "io.codecheck";
    static final String POOL_TYPE = "ConnectionPool";

    private static final Set<String> READ = Set.of("getAttribute", "getAttributes", "queryNames", "queryMBeans",
            "getMBeanInfo", "isRegistered", "getMBeanCount", "getDefaultDomain", "getDomains", "isInstanceOf",
            "getObjectInstance", "addNotificationListener", "removeNotificationListener");

    /**
     * Not part of MBeanServerConnection (a client cannot call them): the connector server itself asks for class
     * loaders to unmarshal a client's parameters, outside the client's Subject.
     */
    private static final Set<String> CONNECTOR_INTERNAL = Set.of("getClassLoaderRepository", "getClassLoaderFor",
            "getClassLoader");

    private static final Set<String> POOL_WRITE = Set.of("invoke", "setAttribute", "setAttributes");

    private AccessRules() {
    }

    /**
     * @param role   the caller's role, or null for a call without a Subject: one the connector server makes itself
     *               (its notification buffer, class-loader look-ups). A remote client always has a Subject, since
     *               {@link PasswordAuthenticator} lets no one in without; even so, no Subject means no writes.
     * @param target the ObjectName the call is about (its first argument), or null when the call names none
     * @throws SecurityException when the call is not allowed; the message names the method and MBean only
     */
    static void check(JmxRole role, String method, ObjectName target) {
        if (READ.contains(method) || CONNECTOR_INTERNAL.contains(method)) {
            return;
        }
        if (role == JmxRole.OPERATOR && POOL_WRITE.contains(method) && isPool(target)) {
            return;
        }
        throw new SecurityException("Access denied: " + (role == null ? "" : role.user() + " may not call ")
                + method + (target == null ? "" : " on " + target));
    }

    static boolean isPool(ObjectName name) {
        return name != null && !name.isPattern() && POOL_DOMAIN.equals(name.getDomain())
                && POOL_TYPE.equals(name.getKeyProperty("type"));
    }
}
