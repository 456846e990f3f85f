package io.codecheck.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the launcher needs, read from environment variables (with defaults) plus the paths of the three
 * deployables. Immutable; the {@code with…} methods return a changed copy (the e2e test uses them).
 *
 * @param environment the launcher's own environment: decides embedded vs. external database and is the base of the
 *                    environment Payara Micro gets
 */
public record LauncherSettings(Path rarFile, Path warFile, Path microJar, Path workDir, int httpPort, int jmxPort,
                               int dbPort, Path dataDir, int poolMin, int poolMax, Duration startupTimeout,
                               Map<String, String> environment) {

    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final int DEFAULT_JMX_PORT = 9010;
    public static final int DEFAULT_DB_PORT = 15432;
    public static final int DEFAULT_POOL_MIN = 2;
    public static final int DEFAULT_POOL_MAX = 10;
    public static final int DEFAULT_STARTUP_TIMEOUT_SECONDS = 180;

    public LauncherSettings {
        environment = Map.copyOf(environment);
        if (poolMin < 0 || poolMax < 1 || poolMin > poolMax) {
            throw new LauncherException("DB_POOL_MIN=" + poolMin + " and DB_POOL_MAX=" + poolMax
                    + " are not valid: need 0 <= DB_POOL_MIN <= DB_POOL_MAX and DB_POOL_MAX >= 1.");
        }
    }

    /** Settings from {@code env}: SAMPLE_HTTP_PORT, SAMPLE_JMX_PORT, SAMPLE_DB_PORT, SAMPLE_DATA_DIR, DB_POOL_MIN/MAX. */
    public static LauncherSettings fromEnvironment(Map<String, String> env, Path rarFile, Path warFile, Path microJar,
                                                   Path workDir) {
        Path dataDir = env.containsKey("SAMPLE_DATA_DIR") && !env.get("SAMPLE_DATA_DIR").isBlank()
                ? Path.of(env.get("SAMPLE_DATA_DIR"))
                : Path.of(System.getProperty("user.home"), ".codecheck-ra", "sample-db");
        return new LauncherSettings(rarFile, warFile, microJar, workDir,
                port(env, "SAMPLE_HTTP_PORT", DEFAULT_HTTP_PORT),
                port(env, "SAMPLE_JMX_PORT", DEFAULT_JMX_PORT),
                port(env, "SAMPLE_DB_PORT", DEFAULT_DB_PORT),
                dataDir.toAbsolutePath(),
                integer(env, "DB_POOL_MIN", DEFAULT_POOL_MIN),
                integer(env, "DB_POOL_MAX", DEFAULT_POOL_MAX),
                Duration.ofSeconds(integer(env, "SAMPLE_STARTUP_TIMEOUT", DEFAULT_STARTUP_TIMEOUT_SECONDS)),
                env);
    }

    /** True when DATABASE_URL or DB_HOST is set: no embedded database, the adapter uses those. */
    public boolean externalDatabase() {
        return isSet("DATABASE_URL") || isSet("DB_HOST");
    }

    boolean isSet(String name) {
        String value = environment.get(name);
        return value != null && !value.isBlank();
    }

    public LauncherSettings withPorts(int http, int jmx, int db) {
        return new LauncherSettings(rarFile, warFile, microJar, workDir, http, jmx, db, dataDir, poolMin, poolMax,
                startupTimeout, environment);
    }

    public LauncherSettings withDataDir(Path dir) {
        return new LauncherSettings(rarFile, warFile, microJar, workDir, httpPort, jmxPort, dbPort, dir, poolMin,
                poolMax, startupTimeout, environment);
    }

    public LauncherSettings withEnvironment(Map<String, String> env) {
        return new LauncherSettings(rarFile, warFile, microJar, workDir, httpPort, jmxPort, dbPort, dataDir, poolMin,
                poolMax, startupTimeout, env);
    }

    public LauncherSettings withStartupTimeout(Duration timeout) {
        return new LauncherSettings(rarFile, warFile, microJar, workDir, httpPort, jmxPort, dbPort, dataDir, poolMin,
                poolMax, timeout, environment);
    }

    /** Fails, naming the missing file and how it is produced, before anything is started. */
    void requireDeployables() {
        require(rarFile, "the resource adapter archive");
        require(warFile, "the sample WAR");
        require(microJar, "the Payara Micro jar");
    }

    private static void require(Path file, String what) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new LauncherException(what + " is missing: " + file + ". Build it from the repository root with"
                    + " `mvn -B -Prun -DskipTests package` (which copies it to codecheck-launcher/target/deployables).");
        }
    }

    private static int port(Map<String, String> env, String name, int defaultValue) {
        int port = integer(env, name, defaultValue);
        if (port < 1 || port > 65535) {
            throw new LauncherException(name + "=" + port + " is not a port number (1-65535).");
        }
        return port;
    }

    private static int integer(Map<String, String> env, String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new LauncherException(name + "='" + value + "' is not a number.");
        }
    }
}
