package io.codecheck.launcher.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.testkit.FreePorts;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in this JVM, reached over real RMI like JConsole does: login and role rules without starting Micro
 * (SampleMonitoringIT checks them again against the running sample's pool MBeans).
 */
class JmxAgentTest {

    /** Stands in for the adapter's pool MXBean: same domain and type, one operation. */
    public interface FakePoolMBean {
        long getEvictions();

        void softEvictConnections();
    }

    public static final class FakePool implements FakePoolMBean {
        private volatile long evictions;

        @Override
        public long getEvictions() {
            return evictions;
        }

        @Override
        public void softEvictConnections() {
            evictions++;
        }
    }

    private static final ObjectName POOL = name("io.codecheck:type=ConnectionPool,name=\"Fake\"");
    private static final ObjectName DIAGNOSTIC = name("com.sun.management:type=DiagnosticCommand");
    private static final ObjectName MEMORY = name("java.lang:type=Memory");

    @TempDir
    static Path dir;

    private static AutoCloseable agent;
    private static int port;
    private static JMXServiceURL url;
    private static final Map<JmxRole, String> PASSWORDS = new EnumMap<>(JmxRole.class);

    @BeforeAll
    static void startAgent() throws Exception {
        PASSWORDS.put(JmxRole.MONITOR, "Monitor5ecret");
        PASSWORDS.put(JmxRole.OPERATOR, "Operat0rSecret");
        Path file = dir.resolve("jmx-credentials");
        Files.writeString(file, CredentialsFile.format(PASSWORDS));
        ManagementFactory.getPlatformMBeanServer().registerMBean(
                new StandardMBean(new FakePool(), FakePoolMBean.class), POOL);
        port = FreePorts.loopback();
        agent = JmxAgent.start(port, file);
        url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    }

    @AfterAll
    static void stopAgent() throws Exception {
        agent.close();
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(POOL);
    }

    @Test
    void anonymousAndWrongLoginsAreRefusedWithoutEchoingThePassword() {
        assertThrows(SecurityException.class, () -> JMXConnectorFactory.connect(url).close());
        SecurityException wrong = assertThrows(SecurityException.class, () -> connect("monitor", "Wr0ngGuess42"));
        assertFalse(String.valueOf(wrong.getMessage()).contains("Wr0ngGuess42"), wrong.getMessage());
        assertEquals(PasswordAuthenticator.FAILED, wrong.getMessage());
        // one role's password does not open the other
        assertThrows(SecurityException.class, () -> connect("operator", PASSWORDS.get(JmxRole.MONITOR)));
        assertThrows(SecurityException.class, () -> connect("admin", PASSWORDS.get(JmxRole.OPERATOR)));
    }

    @Test
    void monitorReadsButInvokesNothing() throws Exception {
        try (JMXConnector c = connect("monitor", PASSWORDS.get(JmxRole.MONITOR))) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            assertTrue(server.queryNames(new ObjectName("io.codecheck:*"), null).contains(POOL));
            server.getAttribute(POOL, "Evictions");
            server.getAttribute(MEMORY, "HeapMemoryUsage");
            server.getMBeanInfo(DIAGNOSTIC);
            assertThrows(SecurityException.class, () -> server.invoke(POOL, "softEvictConnections", null, null));
            assertThrows(SecurityException.class, () -> server.invoke(DIAGNOSTIC, "vmVersion",
                    new Object[] {null}, new String[] {String[].class.getName()}));
            assertThrows(SecurityException.class, () -> server.invoke(MEMORY, "gc", null, null));
        }
    }

    @Test
    void operatorInvokesPoolOperationsOnly() throws Exception {
        try (JMXConnector c = connect("operator", PASSWORDS.get(JmxRole.OPERATOR))) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            long before = (Long) server.getAttribute(POOL, "Evictions");
            server.invoke(POOL, "softEvictConnections", null, null);
            assertEquals(before + 1, (Long) server.getAttribute(POOL, "Evictions"));
            assertThrows(SecurityException.class, () -> server.invoke(DIAGNOSTIC, "vmVersion",
                    new Object[] {null}, new String[] {String[].class.getName()}));
            assertThrows(SecurityException.class, () -> server.invoke(DIAGNOSTIC, "help",
                    new Object[] {null}, new String[] {String[].class.getName()}));
            assertThrows(SecurityException.class, () -> server.invoke(MEMORY, "gc", null, null));
            assertThrows(SecurityException.class, () -> server.unregisterMBean(POOL));
            assertThrows(SecurityException.class, () -> server.createMBean("javax.management.timer.Timer",
                    new ObjectName("io.codecheck:type=ConnectionPool,name=\"Timer\"")));
            assertTrue(server.isRegistered(POOL));
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress()) {
                    assertThrows(IOException.class, () -> new Socket(address, port).close(),
                            "the JMX port answers on " + address);
                }
            }
        }
    }

    private static JMXConnector connect(String user, String password) throws IOException {
        return JMXConnectorFactory.connect(url, Map.of(JMXConnector.CREDENTIALS, new String[] {user, password}));
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
