package io.codecheck.it.app.shutdown;

import io.codecheck.it.app.OpServlet;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The always-deployed probe: looks at the Micro JVM from inside (platform MBean server, threads) and undeploys
 * applications through Payara Micro's runtime. It never touches adapter classes directly, so undeploying the adapter
 * does not concern it; it holds the adapter's class loader only weakly.
 */
@WebServlet("/probe")
public class ProbeServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    private static volatile WeakReference<ClassLoader> adapterLoader = new WeakReference<>(null);

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (op) {
            case "mbeans" -> {
                var names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.codecheck:*"), null);
                out.put("count", names.size());
                out.put("names", new TreeSet<>(names.stream().map(ObjectName::toString).toList()).toString());
            }
            case "threads" -> {
                // adapter threads: the adapter's and its driver's by name, and any thread running their code
                Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
                List<String> adapterThreads = all.entrySet().stream()
                        .filter(e -> Arrays.stream(ShutdownNames.ADAPTER_THREAD_PREFIXES)
                                .anyMatch(p -> e.getKey().getName().startsWith(p))
                                || Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("io.codecheck.ra.")
                                || f.getClassName().startsWith("org.postgresql.")))
                        .map(e -> e.getKey().getName()).sorted().toList();
                out.put("count", adapterThreads.size());
                out.put("names", String.join(",", adapterThreads));
                // for the report: threads of others (the container) whose context class loader is the adapter's
                ClassLoader loader = adapterLoader.get();
                out.put("pinning", all.entrySet().stream()
                        .filter(e -> loader != null && e.getKey().getContextClassLoader() == loader)
                        .map(e -> e.getKey().getName() + " " + Arrays.toString(Arrays.copyOf(e.getValue(),
                                Math.min(6, e.getValue().length))))
                        .collect(Collectors.joining("; ")));
            }
            case "captureAdapterLoader" -> {
                // ClassLoader.loadClass, never Class.forName: a class that Class.forName(name, false, loader) finds
                // in another class loader than its parents is recorded by the JVM as a dependency of that loader
                // (HotSpot's ClassLoaderData::record_dependency), which keeps the defining loader, here the RAR's,
                // alive as long as the initiating one, here the probe's, with no reference a heap dump would show
                ClassLoader loader = Thread.currentThread().getContextClassLoader()
                        .loadClass("io.codecheck.ra.spi.PgResourceAdapter").getClassLoader();
                adapterLoader = new WeakReference<>(loader);
                out.put("loader", String.valueOf(loader));
            }
            case "adapterLoaderCollected" -> {
                for (int i = 0; i < 5 && adapterLoader.get() != null; i++) {
                    System.gc();
                    // a pause for reference processing between collections (in the server JVM: no test kit here)
                    Thread.sleep(200);
                }
                out.put("collected", adapterLoader.get() == null);
            }
            case "heapDump" -> {
                // diagnosis of an uncollected adapter class loader: live objects only (the dump runs a full GC)
                String path = param(request, "path");
                java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(path));
                ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap",
                        new Object[] {path, true}, new String[] {String.class.getName(), boolean.class.getName()});
                out.put("path", path);
            }
            case "adapterDrivers" -> out.putAll(adapterDrivers());
            case "gc" -> {
                System.gc();
                Thread.sleep(200); // a pause for reference processing after the collection
                out.put("gc", true);
            }
            case "apps" -> out.put("apps", new TreeSet<>(deployedApplications()).toString());
            case "undeploy" -> out.putAll(undeploy(param(request, "name"), "true".equals(request.getParameter("cascade"))));
            default -> throw new IllegalArgumentException("unknown op " + op);
        }
        return out;
    }

    /**
     * The JDBC drivers DriverManager holds whose class the adapter's class loader defined. Read from DriverManager's
     * own list (the Micro JVM opens java.sql for this): its public methods show a caller only the drivers its class
     * loader can see, and once the adapter is undeployed the probe's loader sees none of the adapter's.
     */
    private static Map<String, Object> adapterDrivers() throws Exception {
        ClassLoader loader = adapterLoader.get();
        Field registered = DriverManager.class.getDeclaredField("registeredDrivers");
        registered.setAccessible(true);
        List<String> all = new ArrayList<>();
        List<String> adapters = new ArrayList<>();
        for (Object info : (List<?>) registered.get(null)) {
            Field driverField = info.getClass().getDeclaredField("driver");
            driverField.setAccessible(true);
            Driver driver = (Driver) driverField.get(info);
            all.add(driver.getClass().getName() + "@" + driver.getClass().getClassLoader());
            if (loader != null && driver.getClass().getClassLoader() == loader) {
                adapters.add(driver.getClass().getName());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", adapters.size());
        out.put("names", String.join(",", adapters));
        out.put("loaderCaptured", loader != null);
        out.put("registered", String.join("; ", all));
        return out;
    }

    /** Plain: the probe must work after the adapter (and with it the adapter's exception classes) is gone. */
    @Override
    protected Map<String, Object> describe(Throwable t) {
        Map<String, Object> out = new LinkedHashMap<>();
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        out.put("exception", t.getClass().getSimpleName());
        out.put("message", String.valueOf(t.getMessage()));
        out.put("rootCause", String.valueOf(root));
        return out;
    }

    // Payara Micro's API (fish.payara.micro) lives in the launcher jar; reflection keeps it off the test class path.

    private static Object microRuntime() throws Exception {
        Class<?> micro = Class.forName("fish.payara.micro.PayaraMicro");
        Object instance = micro.getMethod("getInstance").invoke(null);
        return micro.getMethod("getRuntime").invoke(instance);
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> deployedApplications() throws Exception {
        Object runtime = microRuntime();
        return (Collection<String>) runtime.getClass().getMethod("getDeployedApplicationNames").invoke(runtime);
    }

    /**
     * Without cascade: PayaraMicroRuntime.undeploy(name). With cascade (an adapter whose server-wide pools and
     * resources go with it): asadmin {@code undeploy --cascade=true} through the embedded GlassFish's command runner.
     */
    private static Map<String, Object> undeploy(String name, boolean cascade) throws Exception {
        Object runtime = microRuntime();
        Map<String, Object> out = new LinkedHashMap<>();
        if (!cascade) {
            runtime.getClass().getMethod("undeploy", String.class).invoke(runtime, name);
        } else {
            Field glassfishField = runtime.getClass().getDeclaredField("runtime");
            glassfishField.setAccessible(true);
            Object glassfish = glassfishField.get(runtime);
            // call through the public interfaces: the implementations are non-public classes
            ClassLoader api = glassfish.getClass().getClassLoader();
            Class<?> glassfishApi = Class.forName("org.glassfish.embeddable.GlassFish", false, api);
            Class<?> runnerApi = Class.forName("org.glassfish.embeddable.CommandRunner", false, api);
            Class<?> resultApi = Class.forName("org.glassfish.embeddable.CommandResult", false, api);
            Object commandRunner = glassfishApi.getMethod("getCommandRunner").invoke(glassfish);
            Object result = runnerApi.getMethod("run", String.class, String[].class)
                    .invoke(commandRunner, "undeploy", new String[] {"--cascade=true", name});
            out.put("exitStatus", String.valueOf(resultApi.getMethod("getExitStatus").invoke(result)));
            out.put("output", String.valueOf(resultApi.getMethod("getOutput").invoke(result)));
        }
        out.put("apps", new TreeSet<>(deployedApplications()).toString());
        return out;
    }
}
