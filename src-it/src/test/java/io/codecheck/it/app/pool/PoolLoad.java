package io.codecheck.it.app.pool;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A concurrent load inside the server: {@code threads} container-managed threads call one operation in a closed loop
 * for a fixed time, in several rounds with fresh threads each (as the benchmark does per measurement cell: a new
 * thread has no session of its own in an associate-with-thread pool, and takes one that another thread used).
 * Every failure is counted with its message; the first few stack traces are kept.
 */
public final class PoolLoad {

    /** One operation; returns how many rows it wrote (0 for a read). Throws on any error or wrong answer. */
    @FunctionalInterface
    public interface Op {
        int run(int worker, int iteration) throws Exception;
    }

    /** What a load did. */
    public static final class Result {
        public final String label;
        public final long ok;
        public final long failed;
        public final long rowsWritten;
        public final long millis;
        public final Map<String, Integer> messages;
        public final List<String> traces;

        Result(String label, long ok, long failed, long rowsWritten, long millis, Map<String, Integer> messages,
               List<String> traces) {
            this.label = label;
            this.ok = ok;
            this.failed = failed;
            this.rowsWritten = rowsWritten;
            this.millis = millis;
            this.messages = messages;
            this.traces = traces;
        }

        public long opsPerSecond() {
            return millis == 0 ? 0 : (ok + failed) * 1000 / millis;
        }

        public String summary() {
            return label + ": " + (ok + failed) + " operations, " + failed + " failed, " + opsPerSecond()
                    + " ops/s in " + millis + " ms" + (messages.isEmpty() ? "" : ", failures " + messages);
        }

        public String details() {
            StringBuilder s = new StringBuilder(summary()).append('\n');
            if (!traces.isEmpty()) {
                s.append("  first failures' stack traces:\n");
            }
            for (String t : traces) {
                s.append(t.indent(4));
            }
            return s.toString();
        }
    }

    private static final int KEPT_TRACES = 3;

    private PoolLoad() {
    }

    public static Result run(ManagedThreadFactory factory, String label, int threads, int rounds, long millisPerRound,
                             Op op) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong rows = new AtomicLong();
        AtomicInteger iterations = new AtomicInteger();
        Map<String, Integer> messages = Collections.synchronizedMap(new LinkedHashMap<>());
        List<String> traces = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(threads);
            long[] deadline = new long[1];
            List<Thread> started = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                Thread t = factory.newThread(() -> {
                    try {
                        go.await();
                        while (System.nanoTime() < deadline[0]) {
                            try {
                                rows.addAndGet(op.run(worker, iterations.incrementAndGet()));
                                ok.incrementAndGet();
                            } catch (Throwable e) {
                                failed.incrementAndGet();
                                messages.merge(describe(e), 1, Integer::sum);
                                if (traces.size() < KEPT_TRACES) {
                                    StringWriter sw = new StringWriter();
                                    e.printStackTrace(new PrintWriter(sw));
                                    traces.add(Thread.currentThread().getName() + ": " + sw);
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                });
                t.setName("it-pool-" + label.replaceAll("\\W+", "-") + "-r" + round + "-w" + w);
                started.add(t);
                t.start();
            }
            deadline[0] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millisPerRound);
            go.countDown();
            if (!done.await(millisPerRound + 60_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(label + ": the workers did not finish (pool exhausted or deadlock?)");
            }
            for (Thread t : started) {
                t.join(10_000);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        Result result = new Result(label + " (" + threads + " threads)", ok.get(), failed.get(), rows.get(), millis,
                new LinkedHashMap<>(messages), new ArrayList<>(traces));
        PoolOutcome.append(result.details());
        return result;
    }

    /** The exception and its causes, class and message each, outermost first. */
    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
            if (s.length() > 0) {
                s.append(" <- ");
            }
            s.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return s.toString();
    }
}
