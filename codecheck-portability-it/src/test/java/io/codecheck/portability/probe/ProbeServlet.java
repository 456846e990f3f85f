package io.codecheck.portability.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.management.ObjectName;

/**
 * {@code GET /probe}: the adapter's traces in the server's JVM, seen from a WAR that has no dependency on the RAR
 * (so it stays deployed, and its answer means something, after the RAR is gone): the {@code io.codecheck:*} MBeans
 * on the platform MBean server and the threads of the adapter and its driver (by name, or running their code); on
 * Open Liberty also the container's own account of each connection pool ({@code libertyPool.<jndiName>}).
 * Packaged into the probe WAR.
 */
@WebServlet("/probe")
public class ProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ObjectName LIBERTY_POOLS = liberty();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Properties out = new Properties();
        try {
            var names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.codecheck:*"), null);
            out.setProperty("mbeans", new TreeSet<>(names.stream().map(ObjectName::toString).toList()).toString());
            out.setProperty("threads", Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().startsWith("codecheck-ra")
                            || e.getKey().getName().startsWith("PostgreSQL-JDBC")
                            || Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("io.codecheck.ra.")
                            || f.getClassName().startsWith("org.postgresql.")))
                    .map(e -> e.getKey().getName()).sorted().collect(Collectors.joining(",", "[", "]")));
            // Open Liberty's own view of each connection pool (maxPoolSize, size, ...): no MBeans elsewhere
            var server = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName pool : server.queryNames(LIBERTY_POOLS, null)) {
                out.setProperty("libertyPool." + pool.getKeyProperty("jndiName"),
                        String.valueOf(server.invoke(pool, "showPoolContents", null, null)));
            }
        } catch (Exception e) {
            out.setProperty("error", e.toString());
        }
        StringWriter text = new StringWriter();
        out.store(text, null);
        response.setContentType("text/plain;charset=ISO-8859-1");
        response.getWriter().write(text.toString());
    }

    private static ObjectName liberty() {
        try {
            return new ObjectName("WebSphere:type=com.ibm.ws.jca.cm.mbean.ConnectionManagerMBean,*");
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
