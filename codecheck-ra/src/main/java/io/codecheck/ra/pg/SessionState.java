package io.codecheck.ra.pg;

import io.codecheck.ra.config.ConnectionSettings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;

import org.postgresql.core.BaseConnection;

/**
 * What a borrower may have changed in a session, so that returning it to the pool costs a round trip only when
 * something needs undoing. Server-side state is reset with {@code DISCARD ALL} unless every statement of the borrow
 * was proven clean ({@link SessionSql}), and on every return with {@code sessionReset=always}; it restores what the
 * session started with, including the adapter's own timeouts and read-only default, which are startup parameters
 * (except the read-only default of resources that set it after login, which is set again). A session whose driver
 * objects were handed out ({@code unwrap}) is not reset but replaced: those objects can outlive the borrow and reach
 * the next borrower's session.
 */
public final class SessionState {
    private boolean serverSettingsChanged;
    private boolean sequencesUsed;
    private volatile boolean exposed;
    private boolean readOnlyChanged;
    private boolean networkTimeoutChanged;
    private boolean holdabilityChanged;
    private boolean typeMapChanged;

    public void serverSettingsChanged() {
        serverSettingsChanged = true;
    }

    /** A statement may have drawn from a sequence: currval/lastval now answer what the next borrower must not see. */
    public void sequencesUsed() {
        sequencesUsed = true;
    }

    /**
     * Whether the sequences are to be reset with the COMMIT about to be sent (in the same round trip), which then
     * spares the reset on return; false when a full reset is due anyway.
     */
    public boolean hasSequencesPending() {
        return sequencesUsed;
    }

    public boolean takeSequencesForCommit() {
        if (sequencesUsed && !serverSettingsChanged) {
            sequencesUsed = false;
            return true;
        }
        return false;
    }

    /** The application holds driver objects of this session; see the class comment. */
    public void exposed() {
        exposed = true;
    }

    public boolean isExposed() {
        return exposed;
    }

    public void readOnlyChanged() {
        readOnlyChanged = true;
    }

    public void networkTimeoutChanged() {
        networkTimeoutChanged = true;
    }

    public void holdabilityChanged() {
        holdabilityChanged = true;
    }

    public void typeMapChanged() {
        typeMapChanged = true;
    }

    public boolean needsServerReset() {
        return serverSettingsChanged;
    }

    /**
     * Undoes the recorded changes; must run outside a transaction block (DISCARD ALL cannot run inside one). With
     * {@code sessionReset=always} the server-side reset runs whatever the SQL text proved: triggers, column defaults,
     * rules, views, row policies and user-defined operators or casts can change session state behind a statement
     * that looks clean.
     */
    void restore(BaseConnection c, ConnectionSettings settings) throws SQLException {
        if (settings.transactionPooling()) {
            // Behind a transaction pooler, a round trip outside a transaction reaches whichever server connection is
            // free: DISCARD ALL would reset another client's, and there is nothing of this borrow's left to reset
            // (SQL that leaves session state is refused, sequences are discarded with each commit).
            serverSettingsChanged = false;
            sequencesUsed = false;
        }
        if (serverSettingsChanged || (settings.resetEverySession() && !settings.transactionPooling())) {
            c.execSQLUpdate("DISCARD ALL");
            if (settings.sessionSetupSql() != null) {
                // not startup parameters for this resource, so DISCARD ALL has just reset them
                c.execSQLUpdate(settings.sessionSetupSql());
            }
            // LISTEN is undone; what the driver already received is dropped. Not through getNotifications(), which
            // also peeks at the socket with a 1 ms timeout: the drain must cost no wait.
            c.getQueryExecutor().getNotifications();
        } else if (sequencesUsed) {
            c.execSQLUpdate("DISCARD SEQUENCES"); // keeps the prepared statements DISCARD ALL would drop
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

    public void reset() {
        serverSettingsChanged = false;
        sequencesUsed = false;
        exposed = false;
        readOnlyChanged = false;
        networkTimeoutChanged = false;
        holdabilityChanged = false;
        typeMapChanged = false;
    }
}
