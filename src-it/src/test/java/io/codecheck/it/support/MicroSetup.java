package io.codecheck.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What a test class gives Payara Micro before it starts. The Micro container of Arquillian starts Micro when it deploys
 * the class's archive, right after the class's static {@code @Deployment} method ran; arquillian.xml points Micro at
 * the two files written here, so each class writes them from its {@code @Deployment} method:
 * <ul>
 *   <li>{@code postboot.asadmin}: deploys the RAR under the name {@value #RAR_NAME} (it has to be deployed before
 *       the test WAR, which Micro deploys after the post-boot commands), then the class's own commands;</li>
 *   <li>{@code micro.properties}: system properties of the Micro JVM.</li>
 * </ul>
 * Client side only (never packaged into a test archive).
 */
public final class MicroSetup {

    public static final String RAR_NAME = "codecheck-ra";
    public static final String CONNECTION_DEFINITION = "io.codecheck.ra.api.CodeCheckDataSource";

    private MicroSetup() {
    }

    /** target/it, set by failsafe. */
    public static Path workDir() {
        String dir = System.getProperty("it.workdir");
        if (dir == null) {
            throw new IllegalStateException("system property it.workdir is not set: run the tests through failsafe "
                    + "(mvn verify), which sets it and copies the RAR and payara-micro.jar there");
        }
        return Path.of(dir).toAbsolutePath();
    }

    public static Path rar() {
        Path rar = Path.of(System.getProperty("it.rar", workDir().resolve("codecheck-ra.rar").toString()));
        if (!Files.isRegularFile(rar)) {
            throw new IllegalStateException("no RAR at " + rar + " (failsafe's pre-integration-test copies it)");
        }
        return rar.toAbsolutePath();
    }

    /**
     * Writes the files the next Micro start reads.
     *
     * @param commands         asadmin commands run after the RAR is deployed (and before the test WAR)
     * @param systemProperties system properties of the Micro JVM
     */
    public static void prepare(List<String> commands, Map<String, String> systemProperties) {
        prepare(List.of(), commands, systemProperties);
    }

    /**
     * The same with asadmin commands that run before the RAR is deployed.
     *
     * @param beforeRar        asadmin commands run first, before the RAR is deployed
     * @param commands         asadmin commands run after the RAR is deployed (and before the test WAR)
     * @param systemProperties system properties of the Micro JVM
     */
    public static void prepare(List<String> beforeRar, List<String> commands,
                               Map<String, String> systemProperties) {
        List<String> lines = new ArrayList<>(beforeRar);
        lines.add("deploy --name " + RAR_NAME + " " + rar());
        lines.addAll(commands);
        Properties props = new Properties();
        props.putAll(systemProperties);
        props.setProperty("it.marker", "written by " + MicroSetup.class.getName());
        try {
            Files.createDirectories(workDir());
            Files.writeString(workDir().resolve("postboot.asadmin"), String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8);
            try (var out = Files.newBufferedWriter(workDir().resolve("micro.properties"), StandardCharsets.ISO_8859_1)) {
                props.store(out, "system properties of the Payara Micro JVM, written by the test class");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code create-connector-connection-pool} + {@code create-connector-resource}: a server-wide factory. */
    public static List<String> asadminFactory(String poolName, String jndiName, int maxPoolSize,
                                              Map<String, String> properties) {
        return asadminFactory(poolName, jndiName, maxPoolSize, 300, properties);
    }

    /**
     * The same with the pool's idle timeout, which is also the period of Payara's resizer task for the pool (300 s
     * by default).
     */
    public static List<String> asadminFactory(String poolName, String jndiName, int maxPoolSize,
                                              int idleTimeoutSeconds, Map<String, String> properties) {
        return asadminFactory(poolName, jndiName, maxPoolSize, idleTimeoutSeconds, "LocalTransaction", properties);
    }

    /** The same with the container-side transaction support (XATransaction pools are the ones Payara recovers). */
    public static List<String> asadminFactory(String poolName, String jndiName, int maxPoolSize,
                                              int idleTimeoutSeconds, String transactionSupport,
                                              Map<String, String> properties) {
        String props = properties.entrySet().stream()
                .map(e -> e.getKey() + "=" + asadminEscape(e.getValue()))
                .collect(Collectors.joining(":"));
        return List.of(
                "create-connector-connection-pool --raname " + RAR_NAME + " --connectiondefinition "
                        + CONNECTION_DEFINITION + " --transactionsupport " + transactionSupport + " --steadypoolsize 0"
                        + " --maxpoolsize " + maxPoolSize + " --idletimeout " + idleTimeoutSeconds
                        + " --property " + props + " " + poolName,
                "create-connector-resource --poolname " + poolName + " " + jndiName);
    }

    /** In asadmin {@code --property} values, {@code :} and {@code =} separate properties: escape them. */
    static String asadminEscape(String value) {
        if (value.contains(" ")) {
            throw new IllegalArgumentException("asadmin property values cannot contain spaces: " + value);
        }
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }
}
