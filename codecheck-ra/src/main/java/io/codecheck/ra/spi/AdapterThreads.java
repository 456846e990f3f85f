package io.codecheck.ra.spi;

import java.security.AccessController;
import java.security.PrivilegedAction;

/**
 * Creates the adapter's background threads so that they carry nothing of the application thread that happened to
 * start them. A new thread inherits its creator's inheritable thread locals (containers keep the current component
 * invocation, and with it the resources in use, in one), its access control context (with the container's Subject,
 * whose PasswordCredential names the managed connection factory) and its context class loader. Any of them would
 * keep an undeployed application's pools, or its class loader, reachable for as long as the thread lives.
 */
final class AdapterThreads {
    private AdapterThreads() {
    }

    @SuppressWarnings("removal") // the only way to start a thread without the caller's Subject on Java 17
    static Thread daemon(Runnable task, String name) {
        return AccessController.doPrivileged((PrivilegedAction<Thread>) () -> {
            Thread t = new Thread(null, task, name, 0, false);
            t.setDaemon(true);
            t.setContextClassLoader(AdapterThreads.class.getClassLoader());
            return t;
        });
    }
}
