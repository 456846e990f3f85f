package io.codecheck.ra.pg;

import io.codecheck.ra.config.ConnectionSettings;
import io.codecheck.ra.config.ReplicaLagFallback;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Lag-aware reads of one read-only resource ({@code maxReplicaLag} > 0): which hosts lag now, and the last lag
 * measured on each open session.
 *
 * <p>pgjdbc picks the server of a multi-host URL itself, and cannot be told to skip one; so a host whose lag was
 * measured above the limit is left out of the URL that new sessions are opened with, for {@link #avoidNanos} (the
 * validation interval, at least a second). After that the next opening may land on it again, measures it, and
 * leaves it out again if it still lags.
 *
 * <p>Everything here is lock-free; the borrow path touches it at most once per validation interval per session.
 */
public final class ReplicaLagGuard {
    /** A lagging host is avoided at least this long. */
    static final long MIN_AVOID_NANOS = 1_000_000_000L;

    private final long maxLagMillis;
    private final long avoidNanos;
    private final boolean prefersStandby;
    private final ReplicaLagFallback fallback;
    /** Host ({@code host:port} as in serverName) to until when it is left out (System.nanoTime) and its lag. */
    private final Map<String, Avoided> avoided = new ConcurrentHashMap<>();
    /** The open sessions that were measured: their last measurement makes the pool's figures. */
    private final Set<PgSession> measured = ConcurrentHashMap.newKeySet();

    private ReplicaLagGuard(ConnectionSettings settings) {
        this.maxLagMillis = settings.maxReplicaLagMillis();
        this.avoidNanos = Math.max(MIN_AVOID_NANOS, settings.validationIntervalMillis() * 1_000_000L);
        String type = settings.targetServerType();
        this.prefersStandby = "preferSecondary".equals(type) || "secondary".equals(type);
        this.fallback = settings.replicaLagFallback();
    }

    /** Null when lag-aware reads are off. */
    static ReplicaLagGuard of(ConnectionSettings settings) {
        return settings.maxReplicaLagMillis() > 0 ? new ReplicaLagGuard(settings) : null;
    }

    /** What a lag check of a pooled session found. */
    public enum Verdict {
        /** Within the limit (or a primary the resource may use): keep it. */
        OK,
        /** A standby lagging more than maxReplicaLag: replace the session; its host is avoided for a while. */
        LAGGING,
        /** A session opened on the primary because every standby lagged, and none is avoided any more: replace it. */
        STANDBY_AGAIN
    }

    /**
     * Measures {@code session}'s lag (one round trip, bounded by {@code timeoutSeconds}; it proves the session alive
     * as a validation does) and says whether to keep it.
     */
    public Verdict check(PgSession session, int timeoutSeconds) throws SQLException {
        session.measureReplicaLag(timeoutSeconds);
        long now = System.nanoTime();
        if (lagging(session)) {
            avoid(session, now);
            return Verdict.LAGGING;
        }
        if (session.openedAsFallback() && avoidedHosts(now).isEmpty()) {
            return Verdict.STANDBY_AGAIN;
        }
        return Verdict.OK;
    }

    boolean lagging(PgSession session) {
        return session.onStandby() && session.lastLagMillis() > maxLagMillis;
    }

    void avoid(PgSession session, long now) {
        String host = session.host();
        if (host != null) {
            avoided.put(host, new Avoided(now + avoidNanos, session.lastLagMillis()));
        }
    }

    /** The hosts left out now (expired ones are dropped). */
    Set<String> avoidedHosts(long now) {
        if (avoided.isEmpty()) {
            return Set.of();
        }
        avoided.entrySet().removeIf(e -> now - e.getValue().untilNanos() >= 0);
        return Set.copyOf(avoided.keySet());
    }

    /** Whether a session on the primary opened while standbys were avoided is a fallback (or, in fail mode, refused). */
    boolean prefersStandby() {
        return prefersStandby;
    }

    ReplicaLagFallback fallback() {
        return fallback;
    }

    long maxLagMillis() {
        return maxLagMillis;
    }

    void track(PgSession session) {
        measured.add(session);
    }

    void forget(PgSession session) {
        measured.remove(session);
    }

    /** {@code host:port (lag 1234 ms)} of each host avoided now, sorted; empty when none. */
    public String describeAvoided() {
        Set<String> now = avoidedHosts(System.nanoTime());
        Map<String, String> sorted = new TreeMap<>();
        for (String host : now) {
            Avoided a = avoided.get(host);
            if (a != null) {
                sorted.put(host, host + " (lag " + shown(a.lagMillis()) + ")");
            }
        }
        return sorted.values().stream().collect(Collectors.joining(", "));
    }

    /**
     * The largest of the open sessions' last measurements, in milliseconds ({@link Long#MAX_VALUE}: a standby that
     * has replayed no transaction yet), and when it was measured; null when no open session was measured.
     */
    public Measurement largest() {
        Measurement max = null;
        for (PgSession s : measured) {
            long lag = s.lastLagMillis();
            Instant at = s.lagMeasuredAt();
            if (lag >= 0 && at != null && (max == null || lag > max.lagMillis()
                    || (lag == max.lagMillis() && at.isAfter(max.measuredAt())))) {
                max = new Measurement(lag, at);
            }
        }
        return max;
    }

    /** One lag measurement: milliseconds and when. */
    public record Measurement(long lagMillis, Instant measuredAt) {
    }

    private record Avoided(long untilNanos, long lagMillis) {
    }

    static String shown(long lagMillis) {
        return lagMillis == Long.MAX_VALUE ? "unknown: no transaction replayed yet" : lagMillis + " ms";
    }

    /** For the failure of an opening in fail mode, or when no host is left: what lags, what to do. */
    String everyStandbyLags() {
        String hosts = describeAvoided();
        return "every standby lags more than maxReplicaLag=" + maxLagMillis
                + " ms" + (hosts.isEmpty() ? "" : " (" + hosts + ")") + " and replicaLagFallback=" + fallback
                + (fallback == ReplicaLagFallback.FAIL ? "" : ", but no primary is left to fall back to");
    }
}
