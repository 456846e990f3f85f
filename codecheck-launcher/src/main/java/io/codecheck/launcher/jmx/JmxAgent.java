package io.codecheck.launcher.jmx;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.rmi.AlreadyBoundException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;

/**
 * Java agent the launcher gives Payara Micro's JVM ({@code -javaagent:jmx-agent.jar=PORT,CREDENTIALS_FILE}): remote
 * JMX at {@code service:jmx:rmi:///jndi/rmi://127.0.0.1:PORT/jmxrmi} with a login and two roles, instead of the
 * JDK's {@code com.sun.management.jmxremote.*} agent (whose readwrite access lets a client run code through
 * DiagnosticCommand). Depends on nothing outside the JDK: it runs before Micro, on the system class path.
 *
 * <p>If it cannot start, premain throws and the JVM does not start: no sample without the login.
 */
public final class JmxAgent {

    private static final Logger LOG = Logger.getLogger(JmxAgent.class.getName());

    /** Kept reachable for the life of the JVM. */
    private static AutoCloseable server;

    private JmxAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) throws IOException {
        premain(arguments);
    }

    public static void premain(String arguments) throws IOException {
        int comma = arguments == null ? -1 : arguments.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("expected -javaagent:jmx-agent.jar=PORT,CREDENTIALS_FILE");
        }
        // the path is the rest, commas and all
        server = start(Integer.parseInt(arguments.substring(0, comma).trim()), Path.of(arguments.substring(comma + 1)));
        ExitWatcher.watch(server);
        LOG.info("remote JMX with login on 127.0.0.1:" + arguments.substring(0, comma).trim());
    }

    /** Starts the registry and the connector server, both on {@code port} of 127.0.0.1; close() stops both. */
    static AutoCloseable start(int port, Path credentialsFile) throws IOException {
        Map<JmxRole, String> passwords = CredentialsFile.read(credentialsFile);
        RMIServerSocketFactory loopback = new LoopbackServerSocketFactory();
        Registry registry = LocateRegistry.createRegistry(port, null, loopback);
        Map<String, Object> environment = new HashMap<>();
        environment.put(JMXConnectorServer.AUTHENTICATOR, new PasswordAuthenticator(passwords));
        // a client's credentials are deserialized before the login: accept String and String[] only
        environment.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, "java.lang.String;!*");
        // the same (equal) socket factory and port as the registry: RMI shares the one listener
        RMIJRMPServerImpl rmiServer = new RMIJRMPServerImpl(port, null, loopback, environment);
        RMIConnectorServer connector = new RMIConnectorServer(new JMXServiceURL("rmi", "127.0.0.1", port),
                environment, rmiServer,
                ManagementFactory.getPlatformMBeanServer());
        connector.setMBeanServerForwarder(RoleForwarder.create());
        connector.start();
        try {
            registry.bind("jmxrmi", rmiServer.toStub());
        } catch (AlreadyBoundException e) {
            throw new IOException("jmxrmi is already bound in the registry on port " + port, e);
        }
        return () -> {
            connector.stop();
            UnicastRemoteObject.unexportObject(registry, true);
        };
    }
}
