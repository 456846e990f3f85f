package io.codecheck.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

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
     * A base, {@code lowest + k * step} for a random {@code k < count}, for which {@code base + offset} can be bound
     * for every offset (servers that take a block of ports, like a Payara or GlassFish {@code --portbase} or a WildFly
     * port offset); random, so that runs side by side rarely try the same block. {@code address} null: every interface.
     */
    public static int base(InetAddress address, int lowest, int count, int step, int... offsets) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = lowest + ThreadLocalRandom.current().nextInt(count) * step;
            if (allFree(address, Arrays.stream(offsets).map(offset -> base + offset).toArray())) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of ports from " + lowest + " in steps of " + step);
    }
}
