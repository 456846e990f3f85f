package io.codecheck.it.app.jpa;

import jakarta.resource.ConnectionFactoryDefinition;
import jakarta.resource.spi.TransactionSupport.TransactionSupportLevel;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;

/**
 * The @ConnectionFactoryDefinition route: the two factories of the persistence unit, on a class the container scans
 * (a servlet). Only in the annotation route's WAR. Connection values from Micro's system properties.
 */
@ConnectionFactoryDefinition(name = JpaNames.APP_JTA, resourceAdapter = "codecheck-ra",
        interfaceName = "io.codecheck.ra.api.CodeCheckDataSource",
        transactionSupport = TransactionSupportLevel.LocalTransaction, minPoolSize = 0, maxPoolSize = 4,
        properties = {"serverName=localhost", "portNumber=${it.pg.port}", "databaseName=${it.pg.database}",
                "user=${it.pg.user}", "password=${it.pg.password}", "poolName=it-jpa-annotation",
                "applicationName=it-jpa-annotation"})
@ConnectionFactoryDefinition(name = JpaNames.APP_NON_JTA, resourceAdapter = "codecheck-ra",
        interfaceName = "io.codecheck.ra.api.CodeCheckDataSource",
        transactionSupport = TransactionSupportLevel.LocalTransaction, minPoolSize = 0, maxPoolSize = 4,
        properties = {"serverName=localhost", "portNumber=${it.pg.port}", "databaseName=${it.pg.database}",
                "user=${it.pg.user}", "password=${it.pg.password}", "poolName=it-jpa-annotation-nonjta",
                "applicationName=it-jpa-annotation" + JpaNames.NON_JTA_SUFFIX})
@WebServlet("/annotated")
public class AnnotatedFactories extends HttpServlet {
    private static final long serialVersionUID = 1L;
}
