package io.codecheck.ra.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.LatencyPercentiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    private static final long T0 = 1_000 * LatencyWindow.SLOT_NANOS + 1;

    @Test
    void bucketsCoverEveryValueOnceAndInOrder() {
        long previousLowest = -1;
        for (int i = 0; i <= LatencyWindow.index(LatencyWindow.LONGEST_NANOS); i++) {
            long lowest = LatencyWindow.lowest(i);
            assertTrue(lowest > previousLowest, "bucket " + i);
            assertEquals(i, LatencyWindow.index(lowest), "lowest value of bucket " + i);
            assertEquals(i, LatencyWindow.index(lowest + LatencyWindow.width(i) - 1), "highest value of bucket " + i);
            if (i > 0) {
                assertEquals(lowest, LatencyWindow.lowest(i - 1) + LatencyWindow.width(i - 1), "no gap before " + i);
            }
            previousLowest = lowest;
        }
    }

    @Test
    void percentilesOfAKnownDistributionAreWithinThreePercent() {
        LatencyWindow window = new LatencyWindow();
        Random random = new Random(20261202);
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            // log-uniform from 10 µs to 10 s, like borrow waits from none to a pool timeout
            values[i] = (long) Math.pow(10, 4 + 6 * random.nextDouble());
            window.record(values[i], T0 + i);
        }
        Arrays.sort(values);
        LatencyPercentiles p = window.snapshot(T0 + values.length);
        assertEquals(values.length, p.count());
        assertClose(values[values.length / 2 - 1] / 1e6, p.p50Millis(), "p50");
        assertClose(values[(int) Math.ceil(values.length * 0.99) - 1] / 1e6, p.p99Millis(), "p99");
        assertEquals(values[values.length - 1] / 1e6, p.maxMillis(), 1e-9, "max is exact");
    }

    @Test
    void recordingsLeaveTheWindowAfterAMinute() {
        LatencyWindow window = new LatencyWindow();
        window.record(5_000_000_000L, T0); // a 5 s wait
        for (int i = 0; i < 99; i++) {
            window.record(1_000_000, T0 + 30 * 1_000_000_000L); // then 99 waits of 1 ms, 30 s later
        }
        assertEquals(100, window.snapshot(T0 + 30 * 1_000_000_000L).count());
        assertEquals(5000, window.snapshot(T0 + 30 * 1_000_000_000L).maxMillis(), 1e-9);
        LatencyPercentiles later = window.snapshot(T0 + 65 * 1_000_000_000L);
        assertEquals(99, later.count(), "the 5 s wait is older than the window");
        assertEquals(1.0, later.maxMillis(), 1e-9);
        assertEquals(0, window.snapshot(T0 + 100 * 1_000_000_000L).count(), "nothing in the last minute");
    }

    @Test
    void aSlotIsClearedWhenItsTurnComesAgain() {
        LatencyWindow window = new LatencyWindow();
        window.record(7_000_000, T0);
        long nextTurn = T0 + LatencyWindow.SLOTS * LatencyWindow.SLOT_NANOS;
        window.record(2_000_000, nextTurn); // the same slot, one minute later
        LatencyPercentiles p = window.snapshot(nextTurn);
        assertEquals(1, p.count());
        assertEquals(2.0, p.maxMillis(), 1e-9);
    }

    @Test
    void concurrentRecordingsWithinASlotAreAllCounted() throws Exception {
        LatencyWindow window = new LatencyWindow();
        int threads = 4;
        int each = 250_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long value = (t + 1) * 1_000_000L;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < each; i++) {
                    window.record(value, T0 + i);
                }
            });
            thread.start();
            running.add(thread);
        }
        start.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        LatencyPercentiles p = window.snapshot(T0 + each);
        assertEquals((long) threads * each, p.count());
        assertEquals(4.0, p.maxMillis(), 1e-9);
        assertClose(2.0, p.p50Millis(), "p50 of four equal groups");
    }

    @Test
    void outOfRangeDurationsAreClampedAndResetEmptiesTheWindow() {
        LatencyWindow window = new LatencyWindow();
        window.record(-5, T0);
        window.record(Long.MAX_VALUE, T0);
        LatencyPercentiles p = window.snapshot(T0);
        assertEquals(2, p.count());
        assertEquals(LatencyWindow.LONGEST_NANOS / 1e6, p.maxMillis(), 1e-6);
        window.reset();
        assertEquals(LatencyPercentiles.NONE, window.snapshot(T0));
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.032, what + ": expected about " + expected + ", was "
                + actual);
    }
}
