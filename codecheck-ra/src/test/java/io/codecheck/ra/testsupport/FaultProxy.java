package io.codecheck.ra.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A TCP proxy on 127.0.0.1 (ephemeral port) in front of one target, whose behaviour tests switch at runtime
 * to simulate network and server faults:
 * <ul>
 *   <li>{@link #forward()}: pass bytes both ways (the initial mode);</li>
 *   <li>{@link #stall()}: a server that accepts TCP and never answers: new connections are accepted but not
 *       forwarded, existing ones freeze (bytes already read are held, no more are read);
 *       {@link #forward()} releases them;</li>
 *   <li>{@link #dropWhenClientSends(String)}: forward, but close a connection (both sides) as soon as the
 *       client sends the marker, before those bytes reach the server; stays on until the mode changes;</li>
 *   <li>{@link #closeAll()}: drop every open connection now (the mode is unchanged).</li>
 * </ul>
 * Two daemon threads per connection plus one acceptor, all named {@code fault-proxy-*} and ended by
 * {@link #close()}. Blocking socket I/O with one 16 KiB buffer per direction; waits are timed and end on close.
 *
 * <p>Marker search covers each chunk read plus the last {@value #MAX_MARKER_LENGTH}-1 bytes before it, so a
 * marker split across two reads is still caught, though then its first part has already been forwarded
 * (the server sees a truncated message, never the complete one). Any client bytes containing the marker
 * trigger the drop, e.g. also a query that merely mentions "COMMIT"; pick a marker unique to the moment.
 * pgjdbc sends {@code COMMIT} as text inside a Parse or Query message.
 *
 * <p>For TLS servers with verify-full, connect to {@code localhost:}{@link #port()}: the proxy listens on
 * 127.0.0.1 and the certificate names localhost.
 */
public final class FaultProxy implements AutoCloseable {

    public static final int MAX_MARKER_LENGTH = 64;

    private static final Logger LOG = Logger.getLogger(FaultProxy.class.getName());
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final long JOIN_TIMEOUT_MS = 5_000;

    private enum Mode { FORWARD, STALL, DROP_ON_MARKER }

    /** Mode and marker change together, so readers see one consistent pair. */
    private static final class State {
        final Mode mode;
        final byte[] marker;

        State(Mode mode, byte[] marker) {
            this.mode = mode;
            this.marker = marker;
        }
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket serverSocket;
    private final String threadPrefix;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger linkIds = new AtomicInteger();
    private final AtomicInteger drops = new AtomicInteger();
    /** Guards waiting for the end of a stall; notified on every mode change and close. */
    private final Object stallMonitor = new Object();
    private volatile State state = new State(Mode.FORWARD, null);
    private volatile boolean closed;

    /** Starts listening on 127.0.0.1 at an ephemeral port, forwarding to {@code targetHost:targetPort}. */
    public FaultProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.threadPrefix = "fault-proxy-" + serverSocket.getLocalPort();
        spawn(threadPrefix + "-accept", this::acceptLoop);
    }

    /** Convenience: a proxy in front of a test server. */
    public static FaultProxy inFrontOf(PostgresTestServer server) throws IOException {
        return new FaultProxy(server.host(), server.port());
    }

    /** The loopback address the proxy listens on, "127.0.0.1". */
    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Open client connections, including ones held by a stall before reaching the target. */
    public int connectionCount() {
        return links.size();
    }

    /** How many connections {@link #dropWhenClientSends} has cut so far. */
    public int droppedByMarker() {
        return drops.get();
    }

    public void forward() {
        setState(new State(Mode.FORWARD, null));
    }

    public void stall() {
        setState(new State(Mode.STALL, null));
    }

    public void dropWhenClientSends(String marker) {
        byte[] bytes = marker.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length == 0 || bytes.length > MAX_MARKER_LENGTH) {
            throw new IllegalArgumentException("marker length must be 1.." + MAX_MARKER_LENGTH);
        }
        setState(new State(Mode.DROP_ON_MARKER, bytes));
    }

    /** Closes every open connection (both sides) now; new connections are still accepted. */
    public void closeAll() {
        for (Link link : links) {
            link.close();
        }
    }

    /** Stops listening, closes all connections and waits (bounded) for the proxy's threads to end. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        closeAll();
        wakeStalledThreads();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_TIMEOUT_MS);
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                thread.join(Math.max(1, left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                LOG.warning(() -> thread.getName() + " still running after close()");
            }
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + host() + ":" + port() + " -> " + targetHost + ":" + targetPort + ", " + state.mode + "]";
    }

    private void setState(State newState) {
        synchronized (stallMonitor) {
            state = newState;
            stallMonitor.notifyAll();
        }
    }

    private void wakeStalledThreads() {
        synchronized (stallMonitor) {
            stallMonitor.notifyAll();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, threadPrefix + " accept failed", e);
                }
                return;
            }
            Link link = new Link(linkIds.incrementAndGet(), client);
            links.add(link);
            if (closed) {
                link.close();
                return;
            }
            spawn(threadPrefix + "-" + link.id + "-up", link::run);
        }
    }

    private void spawn(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(Thread.currentThread());
            }
        }, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.FINEST, "close failed", e);
        }
    }

    /** One proxied connection: the client socket, the target socket and the two pumps between them. */
    private final class Link {
        final int id;
        final Socket client;
        volatile Socket upstream;
        final AtomicBoolean linkClosed = new AtomicBoolean();

        Link(int id, Socket client) {
            this.id = id;
            this.client = client;
        }

        /** Runs on the "-up" thread: connect to the target (after any stall), then pump client to target. */
        void run() {
            try {
                if (!awaitNoStall()) {
                    return;
                }
                Socket target = new Socket();
                target.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                upstream = target;
                if (linkClosed.get()) { // closeAll() raced with us and may have missed the new socket
                    return;
                }
                target.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MS);
                spawn(threadPrefix + "-" + id + "-down", () -> pumpQuietly(target, client, false));
                pump(client, target, true);
            } catch (IOException e) {
                LOG.log(Level.FINE, threadPrefix + "-" + id + " ended", e);
            } finally {
                close();
            }
        }

        private void pumpQuietly(Socket from, Socket to, boolean fromClient) {
            try {
                pump(from, to, fromClient);
            } catch (IOException e) {
                LOG.log(Level.FINE, threadPrefix + "-" + id + " ended", e);
            } finally {
                close();
            }
        }

        /** Copies until EOF or close; a stall holds the chunk just read, a marker from the client ends the link. */
        private void pump(Socket from, Socket to, boolean fromClient) throws IOException {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            byte[] carry = new byte[0]; // tail of the previous client chunk, for markers split across reads
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitNoStall()) {
                    return;
                }
                State current = state;
                if (fromClient && current.mode == Mode.DROP_ON_MARKER && contains(carry, buffer, n, current.marker)) {
                    drops.incrementAndGet();
                    LOG.fine(() -> threadPrefix + "-" + id + " dropped on marker");
                    return; // the finally of our caller closes both sides; the bytes are never forwarded
                }
                out.write(buffer, 0, n);
                out.flush();
                if (fromClient) {
                    carry = tail(carry, buffer, n);
                }
            }
        }

        /** Waits while the proxy stalls; false when the link or proxy closed meanwhile. */
        private boolean awaitNoStall() {
            synchronized (stallMonitor) {
                while (state.mode == Mode.STALL && !linkClosed.get() && !closed) {
                    try {
                        stallMonitor.wait(1_000); // timed as a safety net; woken by setState() and close()
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
            return !linkClosed.get() && !closed;
        }

        void close() {
            if (linkClosed.compareAndSet(false, true)) {
                closeQuietly(client);
                closeQuietly(upstream);
                links.remove(this);
                wakeStalledThreads();
            }
        }
    }

    static boolean contains(byte[] carry, byte[] buffer, int length, byte[] marker) {
        byte[] window = new byte[carry.length + length];
        System.arraycopy(carry, 0, window, 0, carry.length);
        System.arraycopy(buffer, 0, window, carry.length, length);
        outer:
        for (int i = 0; i + marker.length <= window.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (window[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The last MAX_MARKER_LENGTH-1 bytes of carry + buffer[0..length). */
    static byte[] tail(byte[] carry, byte[] buffer, int length) {
        int keep = MAX_MARKER_LENGTH - 1;
        if (length >= keep) {
            return Arrays.copyOfRange(buffer, length - keep, length);
        }
        byte[] combined = new byte[carry.length + length];
        System.arraycopy(carry, 0, combined, 0, carry.length);
        System.arraycopy(buffer, 0, combined, carry.length, length);
        return Arrays.copyOfRange(combined, Math.max(0, combined.length - keep), combined.length);
    }
}
