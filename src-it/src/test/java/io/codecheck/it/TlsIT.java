package io.codecheck.it;

import io.codecheck.it.app.tls.TlsOps;
import io.codecheck.it.app.tls.TlsServlet;
import io.codecheck.it.support.AppClient;
import io.codecheck.it.support.MicroSetup;
import io.codecheck.it.support.Pools;
import io.codecheck.it.support.Reply;
import io.codecheck.it.support.Wars;
import io.codecheck.ra.testsupport.TlsTestDatabase;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS against a TLS-only PostgreSQL ({@link TlsTestDatabase}: test CA, server certificate for DNS:localhost only,
 * {@code hostnossl ... reject}, role certuser by client certificate), through factories injected into an EJB.
 */
@ExtendWith(ArquillianExtension.class)
class TlsIT {

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        TlsTestDatabase tls = TlsTestDatabase.get();
        Pools pools = new Pools();
        Map<String, Object> common = Map.of("portNumber", tls.port(), "databaseName", tls.database(),
                "connectTimeout", 5, "loginTimeout", 10);
        pools.add(TlsOps.VERIFY_FULL).sizes(0, 2).properties(common).property("serverName", "localhost")
                .property("user", tls.user()).property("password", tls.password())
                .property("sslMode", "verify-full").property("sslRootCert", tls.caCert())
                .property("poolName", "it-tls-verify-full").property("applicationName", "it-tls-verify-full");
        // the certificate names localhost only
        pools.add(TlsOps.WRONG_HOST).sizes(0, 2).properties(common).property("serverName", "127.0.0.1")
                .property("user", tls.user()).property("password", tls.password())
                .property("sslMode", "verify-full").property("sslRootCert", tls.caCert())
                .property("poolName", "it-tls-wrong-host").property("applicationName", "it-tls-wrong-host");
        pools.add(TlsOps.WRONG_CA).sizes(0, 2).properties(common).property("serverName", "localhost")
                .property("user", tls.user()).property("password", tls.password())
                .property("sslMode", "verify-full").property("sslRootCert", tls.wrongCaCert())
                .property("poolName", "it-tls-wrong-ca").property("applicationName", "it-tls-wrong-ca");
        // no password: pg_hba admits certuser by client certificate only
        pools.add(TlsOps.CLIENT_CERT).sizes(0, 2).properties(common).property("serverName", "localhost")
                .property("user", tls.certUser())
                .property("sslMode", "verify-full").property("sslRootCert", tls.caCert())
                .property("sslCert", tls.clientCert()).property("sslKey", tls.clientKeyPk8())
                .property("poolName", "it-tls-client-cert").property("applicationName", "it-tls-client-cert");
        pools.add(TlsOps.DISABLE).sizes(0, 2).properties(common).property("serverName", "localhost")
                .property("user", tls.user()).property("password", tls.password())
                .property("sslMode", "disable")
                .property("poolName", "it-tls-disable").property("applicationName", "it-tls-disable");
        MicroSetup.prepare(List.of(), Map.of());
        return Wars.war("it-tls", pools).addClasses(TlsOps.class, TlsServlet.class);
    }

    private Reply session(String which) {
        return new AppClient(url).call("tls", "session", "which", which);
    }

    @Test
    void verifyFullSucceedsForLocalhost() {
        Reply r = session("verifyFull").assertOk();
        assertEquals(TlsTestDatabase.APP_USER, r.get("user"));
        assertEquals("true", r.get("ssl"), r.toString());
        assertTrue(r.get("tlsVersion").startsWith("TLS"), r.toString());
    }

    @Test
    void verifyFullFailsClearlyForAHostNameNotInTheCertificate() {
        Reply r = session("wrongHost").assertFailed();
        assertConnectionFailure(r);
        assertTrue(r.message().contains("it-tls-wrong-host"), "names the pool: " + r.message());
        assertTrue(r.message().contains("127.0.0.1") && r.message().contains("could not be verified"),
                "says the host name did not match: " + r.message());
    }

    @Test
    void verifyFullFailsClearlyForAWrongCa() {
        Reply r = session("wrongCa").assertFailed();
        assertConnectionFailure(r);
        assertTrue(r.message().contains("it-tls-wrong-ca"), "names the pool: " + r.message());
        assertTrue(r.message().contains("PKIX") || r.message().toLowerCase().contains("certificate"),
                "says the certificate was not trusted: " + r.message());
    }

    @Test
    void clientCertificateLoginWorks() {
        Reply r = session("clientCert").assertOk();
        assertEquals(TlsTestDatabase.CERT_USER, r.get("user"), "logged in as the certificate's role, no password");
        assertEquals("true", r.get("ssl"));
        assertTrue(r.get("clientDn").contains("CN=" + TlsTestDatabase.CERT_USER), r.toString());
    }

    @Test
    void disableAgainstAHostsslOnlyServerIsRefused() {
        Reply r = session("disable").assertFailed();
        assertConnectionFailure(r);
        assertEquals("28000", r.sqlState(), "pg_hba rejects the unencrypted login: " + r);
        assertTrue(r.message().contains("no encryption"), r.message());
    }

    private static void assertConnectionFailure(Reply r) {
        assertEquals("DatabaseConnectionException", r.exception(), r.toString());
        assertFalse(r.message().contains(TlsTestDatabase.APP_PASSWORD), "no password in messages");
        assertFalse(r.get("chainMessages").contains(TlsTestDatabase.APP_PASSWORD), "no password in messages");
    }
}
