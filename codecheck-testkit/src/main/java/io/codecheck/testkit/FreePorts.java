package io.codecheck.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for servers the tests start: free a moment ago, on loopback or on every interface. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A loopback port the system just handed out (bound and released). */
    public static int loopback() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
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

    /**
     * The first base in {@code [from, to)}, stepping by {@code step}, for which {@code base + offset} is free on every
     * interface for each offset (servers that take a block of ports from a base, like Payara's or GlassFish's
     * {@code --portbase}).
     */
    public static int block(int from, int to, int step, int... offsets) {
        for (int base = from; base < to; base += step) {
            int[] ports = new int[offsets.length];
            for (int i = 0; i < offsets.length; i++) {
                ports[i] = base + offsets[i];
            }
            if (allFree(null, ports)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of ports between " + from + " and " + to);
    }
}
