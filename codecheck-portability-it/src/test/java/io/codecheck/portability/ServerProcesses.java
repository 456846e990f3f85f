package io.codecheck.portability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the three server drivers ({@code WildFlyServer}, {@code OpenLibertyServer}, {@code GlassFishServer}) share:
 * killing a process tree, waiting for a launcher script's leftovers, free-port checks, log tails and throw-away
 * directories. How each server is started and stopped stays in its own driver.
 */
public final class ServerProcesses {
    private ServerProcesses() {
    }

    /** SIGKILL to {@code root} and every descendant (the scripts start the server JVM as a child). */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroyForcibly);
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
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket(port, 1, address)) {
                s.setReuseAddress(true);
            } catch (IOException busy) {
                return false;
            }
        }
        return true;
    }

    /** The last {@code lines} lines of {@code text}, for failure reports. */
    public static String tail(String text, int lines) {
        String[] all = text.split("\n", -1);
        int from = Math.max(0, all.length - lines);
        return String.join("\n", Arrays.copyOfRange(all, from, all.length));
    }

    /** Deletes {@code dir} with everything in it; nothing if it does not exist. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
