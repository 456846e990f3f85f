package io.codecheck.bench.web;

/** What one measurement cell produced; rendered as key=value lines for the runner. */
public record CellResult(String subject, int workload, int threads, long ops, long elapsedNanos, long allocatedBytes,
                         long p50Nanos, long p99Nanos, long errors, String firstError) {

    public String render() {
        return "subject=" + subject + "\nworkload=" + workload + "\nthreads=" + threads + "\nops=" + ops
                + "\nelapsedNanos=" + elapsedNanos + "\nallocatedBytes=" + allocatedBytes + "\np50Nanos=" + p50Nanos
                + "\np99Nanos=" + p99Nanos + "\nerrors=" + errors
                + (firstError == null ? "" : "\nfirstError=" + firstError.replace('\n', ' ')) + "\n";
    }
}
