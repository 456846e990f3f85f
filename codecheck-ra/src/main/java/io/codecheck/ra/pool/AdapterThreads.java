package io.codecheck.ra.pool;

import io.codecheck.ra.pg.DriverRegistrations;

import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * Creates the adapter's background threads so that they carry nothing of the application thread that happened to
 * start them. A new thread inherits its creator's inheritable thread locals (containers keep the current component
 * invocation, and with it the resources in use, in one), its access control context (with the container's Subject,
 * whose PasswordCredential names the managed connection factory) and its context class loader. Any of them would
 * keep an undeployed application's pools, or its class loader, reachable for as long as the thread lives.
 */
public final class AdapterThreads {
    private AdapterThreads() {
    }

    @SuppressWarnings("removal") // the only way to start a thread without the caller's Subject on Java 17
    public static Thread daemon(Runnable task, String name) {
        return AccessController.doPrivileged((PrivilegedAction<Thread>) () -> {
            Thread t = new Thread(null, task, name, 0, false);
            t.setDaemon(true);
            t.setContextClassLoader(AdapterThreads.class.getClassLoader());
            return t;
        });
    }

    /**
     * Called as the adapter stops: if the calling thread's context class loader is {@code ours}, the adapter's own
     * class loader, it gets that loader's parent instead. Containers call {@code stop()} from their own threads, which
     * often outlive the adapter: Payara Micro 6 does it from a pooled "RA Shutdown" thread created by the undeploying
     * thread, whose context class loader, inherited, is the RAR's; idle, the thread would keep the undeployed RAR's
     * class loader and every class in it reachable until the pool retires it a minute later. A container that sets
     * the loader around the call and restores it afterwards is not affected. Returns whether the loader was changed.
     */
    public static boolean releaseCallerContextLoader(ClassLoader ours) {
        Thread current = Thread.currentThread();
        if (ours == null || current.getContextClassLoader() != ours || !DriverRegistrations.ownLoader(ours)) {
            return false;
        }
        try {
            current.setContextClassLoader(ours.getParent());
            return true;
        } catch (SecurityException e) {
            return false;
        }
    }
}
