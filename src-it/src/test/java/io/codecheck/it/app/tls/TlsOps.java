package io.codecheck.it.app.tls;

import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import java.util.Map;

/** One injected factory per TLS set-up ({@code TlsIT}); each call reports who is logged in and whether over TLS. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TlsOps {
    public static final String VERIFY_FULL = "java:app/it/tls/VerifyFull";
    public static final String WRONG_HOST = "java:app/it/tls/WrongHost";
    public static final String WRONG_CA = "java:app/it/tls/WrongCa";
    public static final String CLIENT_CERT = "java:app/it/tls/ClientCert";
    public static final String DISABLE = "java:app/it/tls/Disable";

    @Resource(lookup = VERIFY_FULL)
    CodeCheckDataSource verifyFull;

    @Resource(lookup = WRONG_HOST)
    CodeCheckDataSource wrongHost;

    @Resource(lookup = WRONG_CA)
    CodeCheckDataSource wrongCa;

    @Resource(lookup = CLIENT_CERT)
    CodeCheckDataSource clientCert;

    @Resource(lookup = DISABLE)
    CodeCheckDataSource disable;

    public Map<String, Object> session(String which) {
        CodeCheckDataSource ds = switch (which) {
            case "verifyFull" -> verifyFull;
            case "wrongHost" -> wrongHost;
            case "wrongCa" -> wrongCa;
            case "clientCert" -> clientCert;
            case "disable" -> disable;
            default -> throw new IllegalArgumentException(which);
        };
        return ds.queryOne("select current_user as \"user\", s.ssl, s.version as \"tlsVersion\","
                + " coalesce(s.client_dn, '') as \"clientDn\" from pg_stat_ssl s where s.pid = pg_backend_pid()")
                .orElseThrow();
    }
}
