package io.codecheck.ra.spi;

import io.codecheck.ra.config.ConnectionSettings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;

import org.postgresql.core.BaseConnection;

/**
 * What the application changed in a session, so that returning it to the pool costs a round trip only when
 * something needs undoing. Settings made server-side (SET, search_path, isolation, temp tables, advisory locks,
 * LISTEN) are undone with {@code DISCARD ALL}, which restores the values the session started with, including the
 * adapter's own statement and idle timeouts and read-only default, since those are startup parameters (except the
 * read-only default of resources that set it after login, which is set again).
 */
final class SessionState {
    private boolean serverSettingsChanged;
    private boolean readOnlyChanged;
    private boolean networkTimeoutChanged;
    private boolean holdabilityChanged;
    private boolean typeMapChanged;

    void serverSettingsChanged() {
        serverSettingsChanged = true;
    }

    void readOnlyChanged() {
        readOnlyChanged = true;
    }

    void networkTimeoutChanged() {
        networkTimeoutChanged = true;
    }

    void holdabilityChanged() {
        holdabilityChanged = true;
    }

    void typeMapChanged() {
        typeMapChanged = true;
    }

    boolean needsServerReset() {
        return serverSettingsChanged;
    }

    /** Undoes the recorded changes; must run outside a transaction block (DISCARD ALL cannot run inside one). */
    void restore(BaseConnection c, ConnectionSettings settings) throws SQLException {
        if (serverSettingsChanged) {
            c.execSQLUpdate("DISCARD ALL");
            if (settings.readOnlyAfterLogin()) {
                // not a startup parameter for this resource, so DISCARD ALL has just reset it
                c.execSQLUpdate(PhysicalConnector.READ_ONLY_SQL);
            }
        }
        if (readOnlyChanged) {
            c.setReadOnly(false); // read-only resources are read-only server-side, not through this flag
        }
        if (networkTimeoutChanged) {
            c.setNetworkTimeout(null, settings.socketTimeoutSeconds() * 1000);
        }
        if (holdabilityChanged) {
            c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
        }
        if (typeMapChanged) {
            c.setTypeMap(new HashMap<>());
        }
        reset();
    }

    void reset() {
        serverSettingsChanged = false;
        readOnlyChanged = false;
        networkTimeoutChanged = false;
        holdabilityChanged = false;
        typeMapChanged = false;
    }
}
