package io.codecheck.portability.app;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.PoolStatistics;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * Two resources with local transactions in one container transaction (REQUIRED), in either order: the adapter must
 * refuse the second in words (SQLState 25000) before the container takes a session. Packaged into the test WAR.
 */
@Stateless
public class SecondLocalResource {
    @Resource(lookup = Names.READ_WRITE)
    CodeCheckDataSource readWrite;

    @Resource(lookup = Names.SECOND_LOCAL)
    CodeCheckDataSource secondLocal;

    public void writeThenUseSecondLocal(String batch) {
        readWrite.update(ItemWriter.INSERT, batch, 1);
        ReadOnlyBesideReadWrite.count(secondLocal, batch);
    }

    public void useSecondLocalThenWrite(String batch) {
        ReadOnlyBesideReadWrite.count(secondLocal, batch);
        readWrite.update(ItemWriter.INSERT, batch, 1);
    }

    /** Outside any transaction, so that asking costs the pool nothing. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public PoolStatistics statistics() {
        return secondLocal.statistics();
    }
}
