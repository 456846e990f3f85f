package io.codecheck.ra.pg;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes the JDBC drivers of the adapter's own class loader out of {@link DriverManager} when the adapter stops.
 * Loading pgjdbc's Driver class registers an instance there (its static initializer does), and DriverManager, a
 * JDK class, would hold it, and through it the whole class loader of an undeployed RAR, for the life of the JVM.
 *
 * <p>Runs in the adapter's class loader on purpose: DriverManager lists and deregisters only the drivers its caller's
 * class loader can see, which are exactly the ones that may be ours.
 */
public final class DriverRegistrations {
    private static final Logger LOG = Logger.getLogger(DriverRegistrations.class.getName());

    private DriverRegistrations() {
    }

    /** Deregisters every driver whose class {@code ours} defined; returns their class names. */
    public static List<String> deregisterDriversOf(ClassLoader ours) {
        List<String> gone = new ArrayList<>();
        if (!ownLoader(ours)) {
            // The adapter shares the application's class loader (a plain Java SE program, the unit tests): that
            // loader lives on, and the application may use the same drivers through DriverManager.
            LOG.fine(() -> "codecheck-ra: class loader " + ours + " is not the adapter's own; JDBC drivers stay "
                    + "registered");
            return gone;
        }
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() != ours) {
                continue; // another deployment's or the server's driver, even if it is pgjdbc too
            }
            try {
                DriverManager.deregisterDriver(d);
                gone.add(d.getClass().getName());
                LOG.fine(() -> "codecheck-ra: deregistered JDBC driver " + d.getClass().getName() + " from "
                        + "DriverManager");
            } catch (SQLException | SecurityException e) {
                LOG.log(Level.FINE, "codecheck-ra: could not deregister JDBC driver " + d.getClass().getName(), e);
            }
        }
        return gone;
    }

    /** Whether {@code loader} is neither the system class loader nor one of its parents. */
    public static boolean ownLoader(ClassLoader loader) {
        for (ClassLoader l = ClassLoader.getSystemClassLoader(); l != null; l = l.getParent()) {
            if (l == loader) {
                return false;
            }
        }
        return loader != null;
    }
}
