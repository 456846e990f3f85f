package io.codecheck.launcher.jmx;

import java.util.Set;

/**
 * Stops the agent's connector once nothing but RMI keeps the JVM alive. An exported RMI object holds the JVM open
 * (the non-daemon "RMI Reaper" thread), which the JDK's own agent avoids with internal API: without this, a Micro
 * whose main thread ends, and whose own threads have all ended, would never exit.
 */
final class ExitWatcher implements Runnable {

    /** Non-daemon threads that do not count: RMI's, and the one waiting for the others to end. */
    private static final Set<String> NOT_COUNTED = Set.of("RMI Reaper", "DestroyJavaVM");

    private final AutoCloseable server;

    private ExitWatcher(AutoCloseable server) {
        this.server = server;
    }

    static void watch(AutoCloseable server) {
        Thread thread = new Thread(new ExitWatcher(server), "codecheck-jmx-exit-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        // no deadline on purpose: this waits as long as the JVM has work, and as a daemon it never delays an exit
        try {
            while (othersAlive()) {
                Thread.sleep(1000);
            }
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the JVM is ending either way
        }
    }

    private static boolean othersAlive() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        for (int i = 0; i < count; i++) {
            Thread t = threads[i];
            if (t.isAlive() && !t.isDaemon() && !NOT_COUNTED.contains(t.getName())) {
                return true;
            }
        }
        return false;
    }
}
