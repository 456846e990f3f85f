package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.codecheck.ra.jdbc.ConnectionHandle;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * An application can unwrap its connection to the adapter's handle (the class is public, as the JCA layer is another
 * package): what it reaches there must not let it commit a container's transaction, move or invalidate handles, or
 * touch the pool's counters.
 */
class HandleEncapsulationTest {
    /** Public methods beyond java.sql.Connection's: only the handle's own bookkeeping, reads, and what needs the key. */
    private static final Set<String> ALLOWED = Set.of(
            // StatementOwner: the wrappers report to their handle; an application can only affect its own handle
            "handle", "beforeExecute", "executed", "fetching", "batched", "exposed", "statementClosed", "failed",
            // reads the helpers use
            "inContainerTransaction", "isBroken",
            "watchForLeak",
            // need the adapter's key
            "owner", "moveTo", "invalidate");

    @Test
    void aHandleExposesNothingBeyondJdbcButItsOwnBookkeeping() {
        Set<String> jdbc = Arrays.stream(Connection.class.getMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        jdbc.addAll(Arrays.stream(Object.class.getMethods()).map(Method::getName).collect(Collectors.toSet()));
        Set<String> extra = new TreeSet<>();
        for (Method m : ConnectionHandle.class.getMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && m.getDeclaringClass() != Object.class
                    && !jdbc.contains(m.getName())) {
                extra.add(m.getName());
            }
        }
        extra.removeAll(ALLOWED);
        assertEquals(Set.of(), extra, "public methods an application could call through unwrap");
    }

    @Test
    void theOwnerIsOutOfAnApplicationsReach() throws Exception {
        try (PoolFixture pool = new PoolFixture(); Connection c = pool.ds.getConnection()) {
            ConnectionHandle handle = c.unwrap(ConnectionHandle.class);
            assertThrows(IllegalStateException.class, () -> handle.owner(null));
            assertThrows(IllegalStateException.class, () -> handle.owner(new Object()));
            assertThrows(IllegalStateException.class, () -> handle.invalidate(null));
            assertThrows(IllegalStateException.class, () -> handle.moveTo(null, null, null, null));
            assertEquals(false, c.isClosed(), "refused calls leave the handle as it was");
        }
    }
}
