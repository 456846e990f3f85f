package io.codecheck.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one-command sample: {@code mvn -B -Prun -DskipTests package} from the repository root runs this class with
 * the RAR, the WAR and payara-micro.jar copied into {@code codecheck-launcher/target/deployables}.
 *
 * <pre>
 * java -cp … io.codecheck.launcher.SampleLauncher --rar=codecheck-ra.rar --war=codecheck-sample.war \
 *      --micro=payara-micro.jar [--work-dir=target/sample]
 * </pre>
 *
 * Settings come from the environment (see {@link LauncherSettings}). Ctrl-C stops Payara Micro, then PostgreSQL.
 */
public final class SampleLauncher {

    /** Held so that java.util.logging keeps the level (zonky logs through slf4j-jdk14). */
    private static final Logger ZONKY_LOGGER = Logger.getLogger("io.zonky");

    private SampleLauncher() {
    }

    /** Starts the sample and waits until it answers; the caller closes the result. */
    public static RunningSample start(LauncherSettings settings, Console console) {
        ZONKY_LOGGER.setLevel(Level.WARNING);
        return new RunningSample(settings, console).start();
    }

    public static void main(String[] args) {
        Console console = Console.system();
        RunningSample sample;
        try {
            Map<String, String> options = parse(args);
            LauncherSettings settings = LauncherSettings.fromEnvironment(System.getenv(),
                    path(options, "rar"), path(options, "war"), path(options, "micro"),
                    Path.of(options.getOrDefault("work-dir", "target/sample")).toAbsolutePath());
            ZONKY_LOGGER.setLevel(Level.WARNING);
            sample = new RunningSample(settings, console);
        } catch (LauncherException e) {
            console.error(e.getMessage());
            System.exit(2);
            return;
        }

        RunningSample running = sample;
        AtomicBoolean stopRequested = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopRequested.set(true);
            console.info("Stopping…");
            running.close();
            console.info("Stopped.");
        }, "sample-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            sample.start();
        } catch (LauncherException e) {
            if (stopRequested.get()) {
                return; // Ctrl-C during start-up: the hook is stopping what was started
            }
            // start() has printed the message and stopped what it had started
            removeHook(hook);
            System.exit(1);
            return;
        }
        sample.printReady();

        int code;
        try {
            code = sample.micro().process().waitFor();
            Thread.sleep(500); // Ctrl-C reaches Micro and us at once: let our hook mark the shutdown first
        } catch (InterruptedException e) {
            return;
        }
        if (!stopRequested.get()) {
            console.error("Payara Micro exited on its own (exit code " + code + "); see "
                    + sample.micro().logFile() + ". Stopping.");
            System.exit(1); // runs the hook: stops PostgreSQL
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new LauncherException("unknown argument '" + arg + "'; expected --rar=FILE --war=FILE"
                        + " --micro=FILE [--work-dir=DIR]");
            }
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static Path path(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new LauncherException("missing --" + name + "=FILE");
        }
        return Path.of(value).toAbsolutePath();
    }
}
