package io.codecheck.it.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@code WEB-INF/glassfish-resources.xml} with application-scoped codecheck-ra connection factories on the
 * standalone adapter {@code codecheck-ra}, with the host, port and file names of servers the test class started.
 */
public final class Pools {

    /** One connection factory: JNDI name, container pool sizes and the adapter's properties. */
    public static final class Pool {
        final String jndiName;
        final Map<String, String> properties = new LinkedHashMap<>();
        int steady = 0;
        int max = 8;
        int maxWaitMillis = 10_000;
        int idleTimeoutSeconds = 300;
        final Map<String, String> attributes = new LinkedHashMap<>(); // further pool attributes, only when set

        Pool(String jndiName) {
            this.jndiName = jndiName;
        }

        public Pool property(String name, Object value) {
            properties.put(name, String.valueOf(value));
            return this;
        }

        public Pool properties(Map<String, ?> values) {
            values.forEach(this::property);
            return this;
        }

        public Pool sizes(int steady, int max) {
            this.steady = steady;
            this.max = max;
            return this;
        }

        /** Payara's idle-timeout-in-seconds, which is also how often its resizer task runs. */
        public Pool idleTimeoutSeconds(int seconds) {
            this.idleTimeoutSeconds = seconds;
            return this;
        }

        public Pool maxWaitMillis(int millis) {
            this.maxWaitMillis = millis;
            return this;
        }

        /** Payara's match-connections (the connector pool's default is true): matchManagedConnections per borrow. */
        public Pool matchConnections(boolean on) {
            return attribute("match-connections", on);
        }

        /** Payara's lazy-connection-association (takes effect only for a DissociatableManagedConnection). */
        public Pool lazyConnectionAssociation(boolean on) {
            return attribute("lazy-connection-association", on);
        }

        /** Payara's lazy-connection-enlistment (takes effect only for a LazyEnlistableManagedConnection). */
        public Pool lazyConnectionEnlistment(boolean on) {
            return attribute("lazy-connection-enlistment", on);
        }

        /** Any other attribute of {@code connector-connection-pool}, written as given. */
        public Pool attribute(String name, Object value) {
            attributes.put(name, String.valueOf(value));
            return this;
        }
    }

    private final List<Pool> pools = new ArrayList<>();

    /** A factory bound at {@code jndiName} (a {@code java:app/...} name). */
    public Pool add(String jndiName) {
        Pool pool = new Pool(jndiName);
        pools.add(pool);
        return pool;
    }

    public String toXml() {
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<!DOCTYPE resources PUBLIC \"-//GlassFish.org//DTD GlassFish Application Server 3.1 Resource")
                .append(" Definitions//EN\" \"http://glassfish.org/dtds/glassfish-resources_1_5.dtd\">\n")
                .append("<resources>\n");
        for (Pool p : pools) {
            String poolName = p.jndiName + "Pool";
            xml.append("  <connector-connection-pool name=\"").append(esc(poolName)).append("\"\n")
                    .append("      resource-adapter-name=\"").append(MicroSetup.RAR_NAME).append("\"\n")
                    .append("      connection-definition-name=\"").append(MicroSetup.CONNECTION_DEFINITION).append("\"\n")
                    .append("      transaction-support=\"LocalTransaction\"\n")
                    .append("      steady-pool-size=\"").append(p.steady).append("\" max-pool-size=\"").append(p.max)
                    .append("\" pool-resize-quantity=\"1\"\n")
                    .append("      idle-timeout-in-seconds=\"").append(p.idleTimeoutSeconds).append("\"\n")
                    .append("      max-wait-time-in-millis=\"").append(p.maxWaitMillis).append("\"");
            p.attributes.forEach((k, v) -> xml.append("\n      ").append(esc(k)).append("=\"").append(esc(v))
                    .append('"'));
            xml.append(">\n");
            p.properties.forEach((k, v) -> xml.append("    <property name=\"").append(esc(k)).append("\" value=\"")
                    .append(esc(v)).append("\"/>\n"));
            xml.append("  </connector-connection-pool>\n")
                    .append("  <connector-resource jndi-name=\"").append(esc(p.jndiName)).append("\" pool-name=\"")
                    .append(esc(poolName)).append("\"/>\n");
        }
        return xml.append("</resources>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
