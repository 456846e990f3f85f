package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.pg.DriverRegistrations;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Driver;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Stopping the adapter takes the JDBC drivers of its own class loader out of DriverManager, so that an undeployed
 * RAR's class loader can be collected, and leaves every other driver alone. A RAR is simulated by a class loader of
 * its own holding the adapter's classes and pgjdbc.
 */
class AdapterStopDeregistersDriversTest {

    @Test
    void stoppingTheAdapterOfARarLoaderDeregistersItsPgjdbcAndTheLoaderCanBeCollected() throws Exception {
        WeakReference<ClassLoader> rar = useAndStopAdapterInOwnLoader();

        Await.until("the RAR's class loader is collected", () -> {
            System.gc();
            return rar.get() == null;
        }, true, Duration.ofSeconds(10));
        assertApplicationDriverStillRegistered();
    }

    /** Only within this frame is the RAR loader strongly reachable. */
    private static WeakReference<ClassLoader> useAndStopAdapterInOwnLoader() throws Exception {
        try (URLClassLoader rar = rarLoader()) {
            Class<?> driverClass = Class.forName("org.postgresql.Driver", true, rar); // registers itself
            assertNotSame(org.postgresql.Driver.class, driverClass, "pgjdbc of the RAR, not the application's");
            assertEquals(List.of("org.postgresql.Driver"), driversSeenFrom(rar), "registered by loading it");

            Class<?> adapterClass = Class.forName(PgResourceAdapter.class.getName(), true, rar);
            assertNotSame(PgResourceAdapter.class, adapterClass);
            Object adapter = adapterClass.getConstructor().newInstance();
            adapterClass.getMethod("stop").invoke(adapter);

            assertEquals(List.of(), driversSeenFrom(rar), "the RAR's drivers after the adapter stopped");
            return new WeakReference<>(rar);
        }
    }

    /**
     * Payara Micro 6 calls stop() from a pooled "RA Shutdown" thread, created by the undeploying thread whose context
     * class loader was the RAR's, so the pooled thread inherited it and, idle, keeps the RAR's class loader for a
     * minute after the undeploy. The adapter gives such a thread its loader's parent instead.
     */
    @Test
    void aContainerThreadThatStopsTheAdapterWithTheRarLoaderAsContextLoaderNoLongerHoldsIt() throws Exception {
        ExecutorService containerPool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "RA Shutdown");
            t.setDaemon(true);
            return t;
        });
        try {
            AtomicReference<Thread> containerThread = new AtomicReference<>();
            WeakReference<ClassLoader> rar = stopAdapterInContainerThread(containerPool, containerThread);

            Await.until("the RAR's class loader is collected while the container's thread lives on", () -> {
                System.gc();
                return rar.get() == null;
            }, true, Duration.ofSeconds(10));
            assertTrue(containerThread.get().isAlive(), "the container's pooled thread is still there");
            assertSame(ClassLoader.getPlatformClassLoader(), containerThread.get().getContextClassLoader(),
                    "the RAR loader's parent");
        } finally {
            containerPool.shutdownNow();
        }
    }

    @Test
    void stoppingTheAdapterLeavesAnyOtherContextClassLoaderOfTheCallingThreadAlone() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        new PgResourceAdapter().stop();
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    /** The container's thread is created by one whose context class loader is the RAR's, as Payara's undeploy. */
    private static WeakReference<ClassLoader> stopAdapterInContainerThread(ExecutorService containerPool,
            AtomicReference<Thread> containerThread) throws Exception {
        try (URLClassLoader rar = rarLoader()) {
            Class<?> adapterClass = Class.forName(PgResourceAdapter.class.getName(), true, rar);
            Class.forName("org.postgresql.Driver", true, rar);
            Object adapter = adapterClass.getConstructor().newInstance();
            Thread deployer = Thread.currentThread();
            ClassLoader deployerLoader = deployer.getContextClassLoader();
            deployer.setContextClassLoader(rar);
            try {
                containerPool.submit(() -> {
                    containerThread.set(Thread.currentThread());
                    assertSame(rar, Thread.currentThread().getContextClassLoader(), "inherited");
                    adapterClass.getMethod("stop").invoke(adapter);
                    return null;
                }).get();
            } finally {
                deployer.setContextClassLoader(deployerLoader);
            }
            assertEquals(List.of(), driversSeenFrom(rar));
            return new WeakReference<>(rar);
        }
    }

    @Test
    void stoppingAnAdapterThatSharesTheApplicationsLoaderLeavesDriverManagerAlone() throws Exception {
        assertFalse(DriverRegistrations.ownLoader(PgResourceAdapter.class.getClassLoader()));
        new PgResourceAdapter().stop();
        assertApplicationDriverStillRegistered();
    }

    @Test
    void onlyDriversOfTheGivenLoaderGo() throws Exception {
        try (URLClassLoader other = rarLoader();
             URLClassLoader unrelated = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            Class.forName("org.postgresql.Driver", true, other);
            // the application's own loader asks to deregister another loader's drivers: it sees none of them
            assertEquals(List.of(), DriverRegistrations.deregisterDriversOf(unrelated));
            assertEquals(List.of("org.postgresql.Driver"), driversSeenFrom(other));
            assertApplicationDriverStillRegistered();

            Class<?> adapterClass = Class.forName(PgResourceAdapter.class.getName(), true, other);
            adapterClass.getMethod("stop").invoke(adapterClass.getConstructor().newInstance());
            assertEquals(List.of(), driversSeenFrom(other));
        }
    }

    private static void assertApplicationDriverStillRegistered() throws Exception {
        Driver d = DriverManager.getDriver("jdbc:postgresql://localhost/x");
        assertNotNull(d);
        assertSame(org.postgresql.Driver.class, d.getClass());
    }

    /** The drivers registered with DriverManager whose class {@code loader} defined, as that loader sees them. */
    @SuppressWarnings("unchecked")
    private static List<String> driversSeenFrom(ClassLoader loader) throws Exception {
        Class<?> lister = Class.forName(RegisteredDrivers.class.getName(), true, loader);
        assertNotSame(RegisteredDrivers.class, lister);
        return ((Supplier<List<String>>) lister.getConstructor().newInstance()).get();
    }

    /** The adapter's classes, this test's classes and pgjdbc in a class loader of their own, as in a RAR. */
    private static URLClassLoader rarLoader() {
        URL[] urls = {
            PgResourceAdapter.class.getProtectionDomain().getCodeSource().getLocation(),
            AdapterStopDeregistersDriversTest.class.getProtectionDomain().getCodeSource().getLocation(),
            org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation(),
            jakarta.resource.spi.ResourceAdapter.class.getProtectionDomain().getCodeSource().getLocation(),
        };
        assertTrue(urls[0] != null && urls[1] != null && urls[2] != null && urls[3] != null);
        return new URLClassLoader("test-rar", urls, ClassLoader.getPlatformClassLoader());
    }

    /** Loaded into the simulated RAR: DriverManager shows a caller only the drivers its class loader can see. */
    public static final class RegisteredDrivers implements Supplier<List<String>> {
        @Override
        public List<String> get() {
            ClassLoader mine = RegisteredDrivers.class.getClassLoader();
            return java.util.Collections.list(DriverManager.getDrivers()).stream()
                    .filter(d -> d.getClass().getClassLoader() == mine)
                    .map(d -> d.getClass().getName())
                    .toList();
        }
    }
}
