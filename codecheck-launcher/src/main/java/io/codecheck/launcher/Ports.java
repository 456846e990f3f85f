package io.codecheck.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port checks, done before anything is started. */
public final class Ports {

    private Ports() {
    }

    /**
     * Fails with a message naming the port and the variable that changes it when nothing can listen on
     * 127.0.0.1:{@code port} (also when another program listens on all interfaces with that port).
     */
    public static void requireFree(String what, int port, String envVariable) {
        if (!isFree(port)) {
            throw new LauncherException(what + " port " + port + " is already in use on 127.0.0.1 (is an earlier run"
                    + " still going?). Set " + envVariable + " to a free port, e.g. " + envVariable + "="
                    + suggestion(port) + ".");
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Why a TCP connection to host:port fails right now (2 s limit), or empty when it succeeds. */
    public static java.util.Optional<String> unreachable(String host, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of("the database at " + host + ":" + port + " is not reachable now (" + e.getMessage() + ")");
        }
    }

    private static int suggestion(int port) {
        for (int candidate = port + 1; candidate < Math.min(65536, port + 50); candidate++) {
            if (isFree(candidate)) {
                return candidate;
            }
        }
        return port + 1;
    }
}
