package io.codecheck.ra.api;

/**
 * Durations of the last minute (50 to 60 seconds) as percentiles, within about 3 %; zeros when there were none.
 *
 * @param count     how many durations the window holds
 * @param p50Millis the median
 * @param p99Millis the 99th percentile
 * @param maxMillis the longest in the window (exact)
 */
public record LatencyPercentiles(long count, double p50Millis, double p99Millis, double maxMillis) {
    public static final LatencyPercentiles NONE = new LatencyPercentiles(0, 0, 0, 0);
}
