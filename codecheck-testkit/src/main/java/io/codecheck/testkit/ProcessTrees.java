package io.codecheck.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending a process together with the children it started (launcher scripts, shells around a server JVM). */
public final class ProcessTrees {

    private ProcessTrees() {
    }

    /**
     * SIGTERM to {@code root} and every descendant (the list is taken first: a child whose shell died is no longer
     * found), then waits up to {@code grace} in all and kills what is still alive.
     */
    public static void stop(ProcessHandle root, Duration grace) {
        List<ProcessHandle> tree = tree(root);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
    }

    /** SIGKILL to {@code root} and every descendant. */
    public static void kill(ProcessHandle root) {
        tree(root).forEach(ProcessHandle::destroyForcibly);
    }

    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        return tree;
    }
}
