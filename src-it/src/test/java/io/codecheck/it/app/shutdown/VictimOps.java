package io.codecheck.it.app.shutdown;

import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Puts sessions into every pool of the victim application. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class VictimOps {

    @Resource(lookup = ShutdownNames.VICTIM_RW)
    CodeCheckDataSource readWrite;

    @Resource(lookup = ShutdownNames.VICTIM_RO)
    CodeCheckDataSource readOnly;

    @Resource(name = ShutdownNames.GLOBAL_REF)
    CodeCheckDataSource global;

    /** Three sessions of each pool at once, all given back. */
    public void warm() throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (CodeCheckDataSource ds : List.of(readWrite, readOnly, global)) {
                for (int i = 0; i < 3; i++) {
                    Connection c = ds.getConnection();
                    held.add(c);
                    try (Statement st = c.createStatement()) {
                        st.execute("select 1");
                    }
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }
}
