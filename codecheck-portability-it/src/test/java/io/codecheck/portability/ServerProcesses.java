package io.codecheck.portability;

import io.codecheck.micro.Directories;
import io.codecheck.micro.LogTail;
import io.codecheck.testkit.FreePorts;
import io.codecheck.testkit.ProcessTrees;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What the three server drivers ({@code WildFlyServer}, {@code OpenLibertyServer}, {@code GlassFishServer}) share:
 * killing a process tree, waiting for a launcher script's leftovers, free-port checks, log tails and throw-away
 * directories (all but the wait for leftovers now from the test kit, named here as the drivers use them). How each
 * server is started and stopped stays in its own driver.
 */
public final class ServerProcesses {
    private ServerProcesses() {
    }

    /** SIGKILL to {@code root} and every descendant (the scripts start the server JVM as a child). */
    public static void killTree(ProcessHandle root) {
        ProcessTrees.kill(root);
    }

    /**
     * A launcher script may exit before the JVM it started: waits, within {@code seconds} in all, for the descendants
     * {@code process} still has, and kills those that outlive the deadline.
     */
    public static void awaitOrKillDescendants(Process process, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (ProcessHandle child : process.toHandle().descendants().toList()) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                child.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception notYet) {
                child.destroyForcibly();
            }
        }
    }

    /** Removes a shutdown hook unless the JVM is already running it. */
    public static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    /** Whether every one of {@code ports} can be bound now ({@code address} null: every interface). */
    public static boolean allFree(InetAddress address, int... ports) {
        return FreePorts.allFree(address, ports);
    }

    /** The last {@code lines} lines of {@code text}, for failure reports. */
    public static String tail(String text, int lines) {
        return LogTail.lines(text, lines);
    }

    /** Deletes {@code dir} with everything in it; nothing if it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        Directories.deleteRecursively(dir);
    }
}
