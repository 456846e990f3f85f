package io.codecheck.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Threads that call one operation in a loop and record every outcome with its start and end time. */
public final class Load implements AutoCloseable {

    /** One call: when it started and ended (System.nanoTime) and what it answered. */
    public record Call(long startNanos, long endNanos, Reply reply) {
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Throwable> crashes = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();

    public Load(int threadCount, long pauseMillis, Supplier<Reply> call) {
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        Reply reply = call.get();
                        calls.add(new Call(start, System.nanoTime(), reply));
                        if (pauseMillis > 0) {
                            Thread.sleep(pauseMillis); // deliberate: the load's pace
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable e) {
                        crashes.add(e);
                        return;
                    }
                }
            }, "it-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the threads and waits for their last calls. */
    public List<Call> stop() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(180_000);
        }
        if (!crashes.isEmpty()) {
            AssertionError e = new AssertionError("a load thread failed outside the application: " + crashes.peek());
            crashes.forEach(e::addSuppressed);
            throw e;
        }
        return new ArrayList<>(calls);
    }

    /** The calls so far (the threads keep running). */
    public List<Call> snapshot() {
        return new ArrayList<>(calls);
    }

    /** Stops the threads (a test that failed midway), waiting for them boundedly. */
    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(180_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static List<Call> startedAfter(List<Call> calls, long nanos) {
        return calls.stream().filter(c -> c.startNanos() > nanos).collect(Collectors.toList());
    }

    public static List<Call> endedBefore(List<Call> calls, long nanos) {
        return calls.stream().filter(c -> c.endNanos() < nanos).collect(Collectors.toList());
    }

    public static List<Call> failed(List<Call> calls) {
        return calls.stream().filter(c -> !c.reply().ok()).collect(Collectors.toList());
    }

    public static String describe(List<Call> calls, int max) {
        return calls.stream().limit(max).map(c -> c.reply().toString()).collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
