package io.codecheck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.bench.web.LatencyHistogram;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The arithmetic of the benchmark harness, checked in the normal build (milliseconds): the benchmark itself runs
 * only with -Pbench.
 */
class HarnessSelfTest {

    @Test
    void histogramPercentilesAreWithinTheBucketError() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v);
        }
        assertEquals(100_000, h.count());
        assertWithin(50_000, h.percentile(0.50), 0.0625);
        assertWithin(99_000, h.percentile(0.99), 0.0625);
        assertEquals(1, h.percentile(0.0));
    }

    @Test
    void histogramKeepsSmallValuesExactAndMerges() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        for (int i = 0; i < 10; i++) {
            a.record(3);
            b.record(12);
        }
        a.add(b);
        assertEquals(20, a.count());
        assertEquals(3, a.percentile(0.5));
        assertEquals(12, a.percentile(0.99));
        assertEquals(0, new LatencyHistogram().percentile(0.5));
    }

    @Test
    void histogramHandlesHugeValues() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Long.MAX_VALUE);
        h.record(-5);
        assertTrue(h.percentile(1.0) > Long.MAX_VALUE / 2);
        assertEquals(0, h.percentile(0.5));
    }

    @Test
    void statsGiveMedianAndSpread() {
        Stats s = Stats.of(List.of(5.0, 1.0, 3.0, 4.0, 2.0));
        assertEquals(3.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(5.0, s.max());
        assertEquals(400.0 / 3, s.spreadPercent(), 1e-9);
        assertEquals(2.5, Stats.of(List.of(1.0, 2.0, 3.0, 4.0)).median());
        assertEquals(0, Stats.of(List.of()).n());
    }

    @Test
    void segmentsAreSummedForTheGivenClientPortsOnly() {
        String ss = String.join("\n",
                "0      0          127.0.0.1:41000        127.0.0.1:5432",
                "\t cubic wscale:7,7 rto:204 segs_out:50 segs_in:40 data_segs_out:17 data_segs_in:16 send 1Gbps",
                "0      0          127.0.0.1:5432        127.0.0.1:41000",
                "\t cubic wscale:7,7 rto:204 segs_out:50 segs_in:40 data_segs_out:99 data_segs_in:16",
                "0      0              [::1]:41001            [::1]:5432",
                "\t cubic data_segs_out:3 data_segs_in:2",
                "0      0          127.0.0.1:41002        127.0.0.1:5432",
                "\t cubic data_segs_out:1000",
                "");
        assertEquals(20, BenchmarkRunner.parseSegmentsOut(ss, List.of(41000, 41001)));
        // As/At: the client ends of all connections to a server port
        assertEquals(Map.of(41000, 17L, 41001, 3L, 41002, 1000L),
                BenchmarkRunner.segmentsOutBySocket(ss, (local, peer) -> peer == 5432));
    }

    @Test
    void asAndAtRunInWorkloadsTwoAndFourAfterTheOthersAndOnlyWithPgBouncer() {
        assertEquals(List.of("A", "Af", "Ar", "B", "C", "D", "As", "At"), BenchmarkRunner.subjects(2, true));
        assertEquals(List.of("A", "B", "D", "As", "At"), BenchmarkRunner.subjects(4, true));
        assertEquals(List.of("A", "Af", "Ar", "B", "C", "D"), BenchmarkRunner.subjects(1, true));
        assertEquals(List.of("A", "Af", "Ar", "B", "C", "D"), BenchmarkRunner.subjects(3, true));
        assertEquals(List.of("A", "Af", "Ar", "B", "C", "D"), BenchmarkRunner.subjects(2, false));
        assertEquals(List.of("A", "B", "D"), BenchmarkRunner.subjects(4, false));
    }

    @Test
    void timePerOperationIsThreadsOverThroughput() {
        assertEquals(50.0, Report.microsPerOp(1, 20_000), 1e-9);
        assertEquals(400.0, Report.microsPerOp(8, 20_000), 1e-9);
    }

    private static void assertWithin(long expected, long actual, double relative) {
        assertTrue(Math.abs(actual - expected) <= expected * relative,
                () -> "expected " + expected + " ± " + relative * 100 + " %, got " + actual);
    }
}
