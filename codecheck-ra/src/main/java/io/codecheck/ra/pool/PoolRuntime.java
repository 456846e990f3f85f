package io.codecheck.ra.pool;

import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.config.FileWatch;
import io.codecheck.ra.pg.Credentials;
import io.codecheck.ra.pg.PgSession;
import io.codecheck.ra.pg.PhysicalConnector;
import io.codecheck.ra.pg.ReplicaLagGuard;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What one resource holds at run time besides its managed connections: the validated settings, the counters, the
 * session opener and the leak detector. Read on every borrow, so everything here is final and precomputed; how the
 * resource starts and ends (its MBean, its release when the container drops it) is the JCA layer's business.
 *
 * <p>Nothing here refers to the managed connection factory, so that the factory can be garbage-collected when the
 * container drops it.
 */
public final class PoolRuntime {
    private static final Logger LOG = Logger.getLogger(PoolRuntime.class.getName());
    private static final long CREDENTIAL_CHECK_NANOS = 1_000_000_000L;
    private static final long ROTATION_RETRY_NANOS = 5_000_000_000L;

    private final ConnectionSettings settings;
    private final PoolMetrics metrics;
    private final PhysicalConnector connector;
    private final LeakDetector leakDetector;
    private final long validationIntervalNanos;
    private final long maxLifetimeNanos;
    private final int validationTimeoutSeconds;
    /**
     * When a session of this pool last died of a server-wide cause (System.nanoTime); sessions last known alive
     * before it are validated before they are handed out. Starts far in the past.
     */
    private volatile long lastServerWideFailureNanos = System.nanoTime() - (1L << 60);
    /** Raised by softEvictConnections: sessions opened under an older epoch are replaced when next idle. */
    private final AtomicLong evictionEpoch = new AtomicLong();
    /** passwordFile, sslCert, sslKey: null when the resource has none. */
    private final FileWatch credentialFiles;
    private volatile long nextCredentialCheckNanos;
    /** A credential file changed and its new content has not logged in yet. */
    private volatile boolean rotationPending;
    private final AtomicBoolean probingRotation = new AtomicBoolean();
    private volatile boolean rotationFailureReported;

    public PoolRuntime(ConnectionSettings settings) {
        this.settings = settings;
        this.metrics = new PoolMetrics(settings.poolName());
        this.connector = new PhysicalConnector(settings, metrics);
        this.leakDetector = settings.leakDetectionThresholdMillis() > 0
                ? new LeakDetector(settings.poolName(), settings.leakDetectionThresholdMillis(), metrics)
                : null;
        this.credentialFiles = settings.credentialFiles();
        this.nextCredentialCheckNanos = System.nanoTime() + CREDENTIAL_CHECK_NANOS;
        this.validationIntervalNanos = settings.validationIntervalMillis() * 1_000_000L;
        this.maxLifetimeNanos = settings.maxLifetimeMillis() * 1_000_000L;
        // pgjdbc's isValid takes whole seconds; validationTimeout only accepts whole seconds
        this.validationTimeoutSeconds = settings.validationTimeoutSeconds();
        if (LOG.isLoggable(Level.CONFIG)) {
            LOG.config("codecheck-ra pool " + settings.poolName() + ": " + settings.describe());
        }
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public PoolMetrics metrics() {
        return metrics;
    }

    public PhysicalConnector connector() {
        return connector;
    }

    /** Null when leak detection is off. */
    public LeakDetector leakDetector() {
        return leakDetector;
    }

    public String poolName() {
        return settings.poolName();
    }

    public long validationIntervalNanos() {
        return validationIntervalNanos;
    }

    /**
     * When a session opened at {@code openedNanos} is to be replaced, as a {@link System#nanoTime()} value; only
     * meaningful when {@link #agesOut()}. Up to 2.5 % before maxLifetime, at random, so that sessions opened together
     * (a prefilled pool) are not all replaced at once.
     */
    public long retireAtNanos(long openedNanos) {
        if (maxLifetimeNanos == 0) {
            return Long.MAX_VALUE;
        }
        return openedNanos + maxLifetimeNanos - ThreadLocalRandom.current().nextLong(maxLifetimeNanos / 40 + 1);
    }

    /** Whether sessions are replaced for their age (maxLifetime > 0). */
    public boolean agesOut() {
        return maxLifetimeNanos != 0;
    }

    public int validationTimeoutSeconds() {
        return validationTimeoutSeconds;
    }

    public long evictionEpoch() {
        return evictionEpoch.get();
    }

    public void softEvict() {
        evictionEpoch.incrementAndGet();
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("codecheck-ra pool " + poolName() + ": every connection will be replaced when next idle");
        }
    }

    /**
     * On a borrow: at most once a second, looks whether the files sessions log in with changed (a rotated password or
     * certificate). A change is first proven by one login on a thread of its own, never the caller's; only then is
     * every session replaced when next idle, as softEvictConnections does. Until the new content logs in (the file
     * was written before the role's password changed, or is half written), the sessions open keep serving.
     */
    public void checkCredentialFiles(long nowNanos) {
        FileWatch watch = credentialFiles;
        if (watch == null || nowNanos - nextCredentialCheckNanos < 0) {
            return;
        }
        nextCredentialCheckNanos = nowNanos + CREDENTIAL_CHECK_NANOS;
        if (watch.changed()) {
            rotationPending = true;
            rotationFailureReported = false;
        }
        if (rotationPending && probingRotation.compareAndSet(false, true)) {
            AdapterThreads.daemon(this::proveRotation, "codecheck-ra " + poolName() + " credential check").start();
        }
    }

    private void proveRotation() {
        try {
            PgSession probe = connector.open(Credentials.DEFAULT);
            probe.closeQuietly();
            metrics.connectionDestroyed();
            rotationPending = false;
            evictionEpoch.incrementAndGet();
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine("codecheck-ra pool " + poolName() + ": " + credentialFiles + " changed and logs in; every "
                        + "connection will be replaced when next idle");
            }
        } catch (PhysicalConnector.OpenFailure e) {
            // retried at a slower pace: a login that fails every second could trip the server's lockouts
            nextCredentialCheckNanos = System.nanoTime() + ROTATION_RETRY_NANOS;
            if (!rotationFailureReported) {
                rotationFailureReported = true;
                LOG.warning("codecheck-ra pool " + poolName() + ": " + credentialFiles + " changed, but a login "
                        + "with it fails (SQLState " + e.getSQLState() + "); the sessions open keep serving and the "
                        + "login is retried every " + ROTATION_RETRY_NANOS / 1_000_000_000L + " s: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            nextCredentialCheckNanos = System.nanoTime() + ROTATION_RETRY_NANOS;
            LOG.log(Level.FINE, "codecheck-ra pool " + poolName() + ": checking changed credentials failed", e);
        } finally {
            probingRotation.set(false);
        }
    }

    /**
     * maxReplicaLag: the largest of the open sessions' last measured replication lag in milliseconds
     * ({@link Long#MAX_VALUE}: a standby that has replayed no transaction yet); -1 when lag-aware reads are off or no
     * open session was measured.
     */
    public long replicaLagMaxMillis() {
        ReplicaLagGuard.Measurement m = largestLag();
        return m == null ? -1 : m.lagMillis();
    }

    /** When {@link #replicaLagMaxMillis()} was measured; null when it is -1. */
    public Instant replicaLagMeasuredAt() {
        ReplicaLagGuard.Measurement m = largestLag();
        return m == null ? null : m.measuredAt();
    }

    /** The hosts left out of new sessions now for their lag, with the lag found: {@code h:p (lag 1234 ms), ...}. */
    public String replicaLagAvoidedHosts() {
        ReplicaLagGuard guard = connector.replicaLag();
        return guard == null ? "" : guard.describeAvoided();
    }

    private ReplicaLagGuard.Measurement largestLag() {
        ReplicaLagGuard guard = connector.replicaLag();
        return guard == null ? null : guard.largest();
    }

    public void serverWideFailure() {
        lastServerWideFailureNanos = System.nanoTime();
    }

    public long lastServerWideFailureNanos() {
        return lastServerWideFailureNanos;
    }
}
