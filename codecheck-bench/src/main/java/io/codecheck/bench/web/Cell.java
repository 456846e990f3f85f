package io.codecheck.bench.web;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Runs one measurement: {@code threads} container-managed threads (so the container sees an application
 * component calling, as it would for a request) run the operation in a closed loop for a fixed time.
 *
 * <p>Each iteration takes one {@code System.nanoTime()}: the end of one operation is the start of the next, so the
 * latency of an operation includes the histogram update (a few ns) and the harness adds the same constant to every
 * subject. Allocation is {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes} of each worker
 * around its loop, summed.
 */
final class Cell {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Cell() {
    }

    static CellResult run(ManagedThreadFactory factory, String subject, int workload, int threads, long millis,
                          IntFunction<Op> opFactory) throws InterruptedException {
        Worker[] workers = new Worker[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        Window window = new Window();
        Thread[] started = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(opFactory.apply(i), ready, go, done, window);
            Thread t = factory.newThread(workers[i]);
            t.setName("bench-" + subject + "-w" + workload + "-" + i);
            started[i] = t;
            t.start();
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("workers did not get ready");
        }
        long start = System.nanoTime();
        window.deadline = start + millis * 1_000_000L;
        go.countDown();
        if (!done.await(millis + 120_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("workers did not finish (deadlock or pool exhausted?)");
        }
        for (Thread t : started) {
            t.join(10_000);
        }
        LatencyHistogram all = new LatencyHistogram();
        long ops = 0;
        long allocated = 0;
        long end = start;
        long errors = 0;
        String firstError = null;
        for (Worker w : workers) {
            all.add(w.histogram);
            ops += w.ops;
            allocated += w.allocated;
            end = Math.max(end, w.end);
            if (w.error != null) {
                errors++;
                if (firstError == null) {
                    firstError = w.error.toString();
                }
            }
        }
        return new CellResult(subject, workload, threads, ops, end - start, allocated, all.percentile(0.50),
                all.percentile(0.99), errors, firstError);
    }

    private static final class Window {
        volatile long deadline;
    }

    private static final class Worker implements Runnable {
        private final Op op;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final CountDownLatch done;
        private final Window window;
        final LatencyHistogram histogram = new LatencyHistogram();
        long ops;
        long allocated;
        long end;
        @SuppressWarnings("UnusedVariable") // written, never read: the JIT cannot drop the work that produced it
        long sink;
        Throwable error;

        Worker(Op op, CountDownLatch ready, CountDownLatch go, CountDownLatch done, Window window) {
            this.op = op;
            this.ready = ready;
            this.go = go;
            this.done = done;
            this.window = window;
        }

        @Override
        public void run() {
            boolean prepared = false;
            try {
                op.prepare();
                prepared = true;
            } catch (Throwable e) {
                error = e;
            }
            ready.countDown();
            try {
                go.await();
                if (prepared) {
                    loop();
                }
            } catch (Throwable e) {
                if (error == null) {
                    error = e;
                }
            } finally {
                if (prepared) {
                    try {
                        op.finish();
                    } catch (Throwable e) {
                        if (error == null) {
                            error = e;
                        }
                    }
                }
                done.countDown();
            }
        }

        private void loop() throws Exception {
            long deadline = window.deadline;
            LatencyHistogram h = histogram;
            long n = 0;
            long s = 0;
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            long t1 = t0;
            try {
                while (true) {
                    s += op.run();
                    t1 = System.nanoTime();
                    h.record(t1 - t0);
                    n++;
                    if (t1 >= deadline) {
                        break;
                    }
                    t0 = t1;
                }
            } finally {
                allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
                end = t1;
                ops = n;
                sink = s;
            }
        }
    }
}
