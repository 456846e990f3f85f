package io.codecheck.it.app.tx;

import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.AsyncResult;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Future;

/** Holds connections of the small pool (max-pool-size 2) to exhaust it. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Holder {

    @Resource(lookup = TxNames.SMALL)
    CodeCheckDataSource small;

    /** Takes a connection, uses it, keeps it for {@code millis}, gives it back. */
    @Asynchronous
    public Future<Integer> hold(long millis) throws SQLException, InterruptedException {
        try (Connection c = small.getConnection(); Statement st = c.createStatement()) {
            st.execute("select 1");
            Thread.sleep(millis); // deliberate: the hold is what the test is about
        }
        return new AsyncResult<>(1);
    }

    public int selectOne() {
        return ((Number) small.queryOne("select 1 as one").orElseThrow().get("one")).intValue();
    }
}
