package io.codecheck.bench;

import java.util.Map;

/** One cell of one round, as the servlet reported it. */
record Measurement(String phase, int round, boolean warmup, String subject, String label, int workload, int threads,
                   long ops, long elapsedNanos, long allocatedBytes, long p50Nanos, long p99Nanos) {

    static Measurement of(String phase, int round, boolean warmup, String label, Map<String, String> r) {
        if (!"0".equals(r.get("errors"))) {
            throw new IllegalStateException(label + " failed: " + r);
        }
        return new Measurement(phase, round, warmup, r.get("subject"), label, Integer.parseInt(r.get("workload")),
                Integer.parseInt(r.get("threads")), Long.parseLong(r.get("ops")),
                Long.parseLong(r.get("elapsedNanos")), Long.parseLong(r.get("allocatedBytes")),
                Long.parseLong(r.get("p50Nanos")), Long.parseLong(r.get("p99Nanos")));
    }

    double opsPerSecond() {
        return ops * 1e9 / elapsedNanos;
    }

    double bytesPerOp() {
        return ops == 0 ? 0 : (double) allocatedBytes / ops;
    }

    String csv() {
        return String.join(",", phase, Integer.toString(round), Boolean.toString(warmup), subject, label,
                Integer.toString(workload), Integer.toString(threads), Long.toString(ops),
                Long.toString(elapsedNanos), Long.toString(allocatedBytes), Long.toString(p50Nanos),
                Long.toString(p99Nanos), String.format(java.util.Locale.ROOT, "%.1f", opsPerSecond()),
                String.format(java.util.Locale.ROOT, "%.1f", bytesPerOp()));
    }

    static String csvHeader() {
        return "phase,round,warmup,subject,label,workload,threads,ops,elapsedNanos,allocatedBytes,p50Nanos,p99Nanos,"
                + "opsPerSecond,bytesPerOp";
    }
}
