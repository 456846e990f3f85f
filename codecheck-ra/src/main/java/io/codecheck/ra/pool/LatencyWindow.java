package io.codecheck.ra.pool;

import io.codecheck.ra.api.LatencyPercentiles;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durations of the last minute as percentiles: what a borrow waited, what opening a session took. Recorded on the
 * borrow path, so recording takes no lock and allocates nothing: a few atomic increments into log-linear buckets
 * (16 per power of two, so a percentile is off by at most about 3 %) of the current 10-second slot.
 *
 * <p>The window is the last six slots: 50 to 60 seconds. A slot is cleared by the first recording of its next turn;
 * a recording that races with that clearing may be lost, which a monitoring figure can afford and a lock on the
 * borrow path could not.
 */
public final class LatencyWindow {
    static final long SLOT_NANOS = 10_000_000_000L;
    static final int SLOTS = 6;
    private static final int SUB_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** Longer durations are counted as this one: about 18 minutes. */
    static final long LONGEST_NANOS = (1L << 40) - 1;
    private static final int BUCKETS = index(LONGEST_NANOS) + 1;

    private final Slot[] slots = new Slot[SLOTS];

    public LatencyWindow() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
        }
    }

    /** Records a duration that ended at {@code nowNanos} ({@link System#nanoTime()}). */
    public void record(long nanos, long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, SLOT_NANOS);
        Slot slot = slots[(int) Math.floorMod(epoch, (long) SLOTS)];
        long seen = slot.epoch.get();
        if (seen != epoch && epoch > seen && slot.epoch.compareAndSet(seen, epoch)) {
            slot.clear();
        }
        long value = Math.max(0, Math.min(nanos, LONGEST_NANOS));
        slot.counts.incrementAndGet(index(value));
        if (value > slot.max.get()) {
            slot.max.accumulateAndGet(value, Math::max); // a CAS only for a new maximum, not on every borrow
        }
    }

    /** The percentiles of what was recorded in the window that ends at {@code nowNanos}. */
    public LatencyPercentiles snapshot(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, SLOT_NANOS);
        long[] counts = new long[BUCKETS];
        long total = 0;
        long max = 0;
        for (Slot slot : slots) {
            long e = slot.epoch.get();
            if (e > epoch - SLOTS && e <= epoch) {
                for (int i = 0; i < BUCKETS; i++) {
                    long n = slot.counts.get(i);
                    counts[i] += n;
                    total += n;
                }
                max = Math.max(max, slot.max.get());
            }
        }
        if (total == 0) {
            return LatencyPercentiles.NONE;
        }
        return new LatencyPercentiles(total, millis(Math.min(max, valueAt(counts, total, 0.50))),
                millis(Math.min(max, valueAt(counts, total, 0.99))), millis(max));
    }

    /** The middle of the bucket that holds the value at {@code fraction} of the recordings, in nanoseconds. */
    private static long valueAt(long[] counts, long total, double fraction) {
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return lowest(i) + (width(i) - 1) / 2;
            }
        }
        return lowest(counts.length - 1);
    }

    /** Values below 16 ns have a bucket each; above, each power of two is cut into 16 buckets. */
    static int index(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BITS;
        return (shift + 1) * SUB_BUCKETS + (int) ((value >>> shift) & (SUB_BUCKETS - 1));
    }

    static long lowest(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        return ((long) SUB_BUCKETS + index % SUB_BUCKETS) << shift;
    }

    static long width(int index) {
        return index < SUB_BUCKETS ? 1 : 1L << (index / SUB_BUCKETS - 1);
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    public void reset() {
        for (Slot slot : slots) {
            slot.epoch.set(Long.MIN_VALUE);
            slot.clear();
        }
    }

    private static final class Slot {
        final AtomicLong epoch = new AtomicLong(Long.MIN_VALUE);
        final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
        final AtomicLong max = new AtomicLong();

        void clear() {
            for (int i = 0; i < BUCKETS; i++) {
                counts.set(i, 0);
            }
            max.set(0);
        }
    }
}
