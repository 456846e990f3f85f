package io.codecheck.launcher.jmx;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

/** The role rules alone; JmxAgentTest checks them over a real connection. */
class AccessRulesTest {

    private static final List<String> READS = List.of("getAttribute", "getAttributes", "queryNames", "queryMBeans",
            "getMBeanInfo", "isRegistered", "getMBeanCount", "getDefaultDomain", "getDomains", "isInstanceOf",
            "getObjectInstance", "addNotificationListener", "removeNotificationListener");
    private static final List<String> NEVER = List.of("createMBean", "registerMBean", "unregisterMBean",
            "instantiate", "deserialize", "someFutureMethod");

    @Test
    void bothRolesRead() throws Exception {
        for (JmxRole role : JmxRole.values()) {
            for (String method : READS) {
                for (ObjectName target : targets()) {
                    assertDoesNotThrow(() -> AccessRules.check(role, method, target), role + " " + method);
                }
            }
        }
    }

    @Test
    void onlyTheOperatorWritesAndOnlyToPools() throws Exception {
        ObjectName pool = new ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadOnly\"");
        for (String write : List.of("invoke", "setAttribute", "setAttributes")) {
            assertDoesNotThrow(() -> AccessRules.check(JmxRole.OPERATOR, write, pool));
            assertThrows(SecurityException.class, () -> AccessRules.check(JmxRole.MONITOR, write, pool));
            for (String other : List.of("com.sun.management:type=DiagnosticCommand", "java.lang:type=Memory",
                    "com.sun.management:type=HotSpotDiagnostic", "io.codecheck:type=Other",
                    "io.codecheck:type=ConnectionPool,*", "JMImplementation:type=MBeanServerDelegate")) {
                assertThrows(SecurityException.class,
                        () -> AccessRules.check(JmxRole.OPERATOR, write, new ObjectName(other)), other);
            }
            assertThrows(SecurityException.class, () -> AccessRules.check(JmxRole.OPERATOR, write, null));
        }
    }

    @Test
    void nobodyCreatesRegistersOrUnregistersAndNoSubjectMeansNoWrites() throws Exception {
        for (JmxRole role : JmxRole.values()) {
            for (String method : NEVER) {
                for (ObjectName target : targets()) {
                    assertThrows(SecurityException.class, () -> AccessRules.check(role, method, target), method);
                }
            }
        }
        ObjectName pool = new ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadOnly\"");
        for (String method : List.of("invoke", "setAttribute", "setAttributes", "createMBean", "unregisterMBean")) {
            assertThrows(SecurityException.class, () -> AccessRules.check(null, method, pool), method);
        }
        assertDoesNotThrow(() -> AccessRules.check(null, "queryNames", null));
        assertDoesNotThrow(() -> AccessRules.check(null, "getClassLoaderFor", pool));
    }

    private static List<ObjectName> targets() throws Exception {
        return List.of(new ObjectName("io.codecheck:type=ConnectionPool,name=\"ReadOnly\""),
                new ObjectName("com.sun.management:type=DiagnosticCommand"));
    }
}
