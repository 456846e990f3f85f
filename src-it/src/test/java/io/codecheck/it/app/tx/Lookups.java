package io.codecheck.it.app.tx;

import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every resource of the WAR, injected by {@code @Resource} and looked up by JNDI name. Each answer names the pool
 * (application_name, set per resource), the login role and whether the session is read-only, so a test sees that
 * each name leads to its own, correctly configured pool. No transaction: one JTA transaction cannot hold two local
 * resources.
 */
@ConnectionFactoryDefinition(name = TxNames.ANNOTATED, resourceAdapter = "codecheck-ra",
        interfaceName = "io.codecheck.ra.api.CodeCheckDataSource",
        transactionSupport = TransactionSupportLevel.LocalTransaction, minPoolSize = 0, maxPoolSize = 4,
        // Payara substitutes ${...} from the system properties that the test class hands Micro (micro.properties)
        properties = {"serverName=localhost", "portNumber=${it.pg.port}", "databaseName=${it.pg.database}",
                "user=${it.pg.user}", "password=${it.pg.password}", "poolName=" + TxNames.ANNOTATED_POOL,
                "applicationName=" + TxNames.ANNOTATED_POOL})
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Lookups {

    @Resource(lookup = TxNames.READ_ONLY)
    CodeCheckDataSource readOnly;

    @Resource(lookup = TxNames.READ_WRITE)
    CodeCheckDataSource readWrite;

    @Resource(name = TxNames.ASADMIN_REF)
    CodeCheckDataSource asadmin;

    @Resource(lookup = TxNames.ANNOTATED)
    CodeCheckDataSource annotated;

    /** What each injected resource connects as: name → "poolName|application_name|user|read-only". */
    public Map<String, String> injected() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("readOnly", identity(readOnly));
        out.put("readWrite", identity(readWrite));
        out.put("asadmin", identity(asadmin));
        out.put("annotated", identity(annotated));
        return out;
    }

    /** The same, for a resource looked up by name at run time. */
    public String lookedUp(String jndiName) throws NamingException {
        return identity((CodeCheckDataSource) new InitialContext().lookup(jndiName));
    }

    public static String identity(CodeCheckDataSource ds) {
        Map<String, Object> row = ds.queryOne("select current_setting('application_name') as app, current_user as u,"
                + " current_setting('transaction_read_only') as ro").orElseThrow();
        return ds.poolName() + "|" + row.get("app") + "|" + row.get("u") + "|" + row.get("ro");
    }
}
