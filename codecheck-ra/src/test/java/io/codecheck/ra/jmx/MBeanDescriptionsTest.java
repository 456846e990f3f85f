package io.codecheck.ra.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;

import org.junit.jupiter.api.Test;

/** Every attribute and operation of the pool MBean says what it is, from its {@link Description}. */
class MBeanDescriptionsTest {

    private static MBeanInfo info() {
        ConnectionPoolMXBean nothing = (ConnectionPoolMXBean) Proxy.newProxyInstance(
                ConnectionPoolMXBean.class.getClassLoader(), new Class<?>[] {ConnectionPoolMXBean.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        PoolMBeanRegistration.DescribedMXBean mbean = new PoolMBeanRegistration.DescribedMXBean(nothing, "descriptions");
        mbean.getMBeanInfo(); // the first call builds and caches the info; the MBean server gets the cached one
        return mbean.getMBeanInfo();
    }

    @Test
    void everyAttributeAndOperationHasARealDescription() {
        MBeanInfo info = info();
        List<String> checked = new ArrayList<>();
        for (MBeanAttributeInfo a : info.getAttributes()) {
            assertDescribed(a.getName(), a.getDescription());
            checked.add(a.getName());
        }
        for (MBeanOperationInfo o : info.getOperations()) {
            assertDescribed(o.getName(), o.getDescription());
            checked.add(o.getName());
        }
        assertTrue(checked.size() > 30, checked.toString());
        assertTrue(checked.containsAll(List.of("PoolExhaustedCount", "ReadOnly", "Configuration", "healthCheck",
                "resetStatistics", "softEvictConnections")), checked.toString());
    }

    private static void assertDescribed(String name, String description) {
        assertNotNull(description, name);
        assertFalse(description.isBlank(), name + " has an empty description");
        assertFalse(description.trim().equalsIgnoreCase(name), name + " is described by its name only");
        assertTrue(description.trim().length() > name.length() / 2 && description.contains(" "),
                name + " has no real description: " + description);
        assertFalse(description.toLowerCase(Locale.ROOT).replace(" ", "").equals(name.toLowerCase(Locale.ROOT)),
                name + " is described by its name only");
    }

    @Test
    void everyMethodOfTheInterfaceIsAnnotated() {
        for (Method m : ConnectionPoolMXBean.class.getMethods()) {
            assertNotNull(m.getAnnotation(Description.class), m.getName() + " has no @Description");
        }
    }

    @Test
    void theAttributesToWatchComeFirstInTheirOrder() {
        List<String> expected = List.of("PoolExhaustedCount", "Errors", "LastError", "LastErrorTime",
                "ActiveConnections", "PoolSize", "AvailableConnections");
        assertEquals(expected, PoolMBeanRegistration.Descriptions.FIRST);
        MBeanAttributeInfo[] attributes = info().getAttributes();
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), attributes[i].getName());
        }
    }
}
