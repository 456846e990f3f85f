package io.codecheck.ra.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Gives {@code sslMode} libpq's meaning on top of pgjdbc, whose own interpretation differs.
 *
 * <table>
 * <caption>sslMode → what pgjdbc is told</caption>
 * <tr><th>sslMode</th><th>root certificate available?</th><th>pgjdbc</th></tr>
 * <tr><td>disable</td><td>ignored (cert/key settings too)</td><td>sslmode=disable</td></tr>
 * <tr><td>allow, prefer</td><td>ignored (pgjdbc never verifies in these modes)</td><td>sslmode=allow / prefer</td></tr>
 * <tr><td>require</td><td>yes</td><td>sslmode=verify-ca + sslrootcert (libpq: "if a root CA file exists,
 * require behaves like verify-ca")</td></tr>
 * <tr><td>require</td><td>no</td><td>sslmode=require (encrypted, unverified)</td></tr>
 * <tr><td>verify-ca, verify-full</td><td>yes</td><td>same mode + sslrootcert</td></tr>
 * <tr><td>verify-ca, verify-full</td><td>no</td><td>ConfigurationException</td></tr>
 * <tr><td>verify-full</td><td>sslRootCert=system</td><td>sslmode=verify-full +
 * sslfactory=DefaultJavaSSLFactory (JVM trust store)</td></tr>
 * </table>
 *
 * <p>"Root certificate available" means {@code sslRootCert} names a readable file, or libpq's default
 * {@code ~/.postgresql/root.crt} exists ({@code ~} = {@link Environment#USER_HOME}). The path is always passed to
 * pgjdbc explicitly, so the driver's own default lookup never decides anything.
 *
 * <p>{@code sslRootCert=system} (libpq 16) is allowed only with verify-full, as in libpq: with the public CAs of a
 * trust store, anyone can get a trusted certificate for a name they control, so verify-ca would prove nothing.
 * When {@code sslMode} is not set anywhere it then defaults to verify-full (libpq does the same). It cannot be
 * combined with sslCert/sslKey because the JVM's default SSL context takes its client keys from
 * {@code javax.net.ssl.keyStore}.
 *
 * <p>Whenever pgjdbc is told to verify (verify-ca, verify-full, or require with a root certificate), a pass-through
 * {@code sslfactory} other than pgjdbc's default LibPQFactory and, for verify-full, an {@code sslhostnameverifier}
 * other than pgjdbc's default are refused: they could switch off what sslMode promises. Below that (allow, prefer,
 * require without a root certificate) nothing is verified anyway and they are passed through.
 *
 * <p>Client keys: see {@link CertificateFiles}. A PKCS#12 key without {@code sslPassword} is given an empty
 * password: pgjdbc would otherwise try to prompt on a console, which an application server does not have.
 */
final class SslSettings {

    static final String SYSTEM = "system";
    static final String JVM_TRUST_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";
    /** pgjdbc's default factory: the only one that honours sslmode, sslrootcert, sslcert and sslkey. */
    static final String LIBPQ_FACTORY = "org.postgresql.ssl.LibPQFactory";
    /** pgjdbc's default host name check for verify-full. */
    static final String PGJDBC_HOSTNAME_VERIFIER = "org.postgresql.ssl.PGjdbcHostnameVerifier";

    private final SslMode mode;
    private final String pgjdbcMode;
    private final Path rootCert;
    private final boolean rootCertIsDefault;
    private final boolean systemTrust;
    private final Path cert;
    private final Path key;
    private final String sslPassword;
    private final String pemKeyAlgorithm;

    private SslSettings(SslMode mode, String pgjdbcMode, Path rootCert, boolean rootCertIsDefault,
            boolean systemTrust, Path cert, Path key, String sslPassword, String pemKeyAlgorithm) {
        this.mode = mode;
        this.pgjdbcMode = pgjdbcMode;
        this.rootCert = rootCert;
        this.rootCertIsDefault = rootCertIsDefault;
        this.systemTrust = systemTrust;
        this.cert = cert;
        this.key = key;
        this.sslPassword = sslPassword;
        this.pemKeyAlgorithm = pemKeyAlgorithm;
    }

    /**
     * @param modeRaw     null when sslMode is set nowhere
     * @param userHome    null when there is no home directory
     * @param passThrough the driver properties that will be passed through (to detect conflicts)
     */
    static SslSettings resolve(Raw modeRaw, Raw rootRaw, Raw certRaw, Raw keyRaw, Raw passwordRaw, String userHome,
            Map<String, Raw> passThrough) {
        // strip, not trim: "system" followed by a NUL is not "system" but an invalid path
        boolean system = rootRaw != null && rootRaw.text().strip().equals(SYSTEM);
        SslMode mode;
        if (modeRaw != null) {
            mode = parseMode(modeRaw);
        } else {
            mode = system ? SslMode.VERIFY_FULL : SslMode.fromString(Defaults.SSL_MODE);
        }
        if (mode == SslMode.DISABLE) {
            return new SslSettings(mode, "disable", null, false, false, null, null, null, null);
        }
        if (system) {
            checkSystemTrust(mode, modeRaw, rootRaw, certRaw, keyRaw, passThrough);
        }
        Path root = null;
        boolean rootIsDefault = false;
        if (rootRaw != null && !system) {
            root = CertificateFiles.readableFile(rootRaw);
        } else if (!system) {
            root = defaultRootCert(userHome);
            rootIsDefault = root != null;
        }
        String pgjdbcMode = switch (mode) {
            case ALLOW, PREFER -> mode.libpqName();
            case REQUIRE -> root != null ? SslMode.VERIFY_CA.libpqName() : SslMode.REQUIRE.libpqName();
            case VERIFY_CA, VERIFY_FULL -> {
                if (root == null && !system) {
                    throw missingRootCert(mode, modeRaw, userHome);
                }
                yield mode.libpqName();
            }
            case DISABLE -> throw new AssertionError("handled above");
        };
        boolean verifying = !pgjdbcMode.equals(mode.libpqName()) || mode.verifiesCertificate();
        if (verifying) {
            checkNoDowngrade(mode, modeRaw, pgjdbcMode, passThrough);
        }
        Path cert = certRaw == null ? null : CertificateFiles.readableFile(certRaw);
        Path key = null;
        String password = passwordRaw == null ? null : passwordRaw.text();
        String algorithm = null;
        if (keyRaw != null) {
            key = CertificateFiles.readableFile(keyRaw);
            CertificateFiles.KeyInfo info = CertificateFiles.inspectKey(keyRaw, key);
            if (info.kind() == CertificateFiles.KeyKind.PKCS12 && password == null) {
                password = "";
            }
            if (info.kind() == CertificateFiles.KeyKind.PKCS8_DER_ENCRYPTED && password == null) {
                throw new ConfigurationException(keyRaw.property(), keyRaw.origin() + ": file " + key
                        + " is an encrypted PKCS#8 key; set sslPassword, or use an unencrypted .pk8");
            }
            if (!passThrough.containsKey("pemKeyAlgorithm")) {
                algorithm = info.pemAlgorithm(); // pgjdbc reads PEM keys as RSA unless told otherwise
            }
        }
        // an sslPassword only unlocks a key; without one it is not sent anywhere
        return new SslSettings(mode, pgjdbcMode, verifying ? root : null, rootIsDefault && verifying, system, cert,
                key, key == null ? null : password, algorithm);
    }

    private static SslMode parseMode(Raw raw) {
        try {
            return SslMode.fromString(raw.text());
        } catch (IllegalArgumentException e) {
            throw raw.invalid("allowed values are " + SslMode.allowedValues());
        }
    }

    private static void checkSystemTrust(SslMode mode, Raw modeRaw, Raw rootRaw, Raw certRaw, Raw keyRaw,
            Map<String, Raw> passThrough) {
        if (mode != SslMode.VERIFY_FULL) {
            throw new ConfigurationException(rootRaw.property(), rootRaw.origin() + ": sslRootCert=system needs"
                    + " sslMode=verify-full, but sslMode is " + mode + " (from " + modeRaw.origin() + "); with the"
                    + " public CAs of the JVM trust store anyone can get a trusted certificate for a host name they"
                    + " control, so only verify-full protects (libpq has the same rule)");
        }
        Raw clientFile = certRaw != null ? certRaw : keyRaw;
        if (clientFile != null) {
            throw new ConfigurationException(clientFile.property(), clientFile.origin() + " cannot be combined"
                    + " with sslRootCert=system: the JVM's default SSL context takes client keys from"
                    + " javax.net.ssl.keyStore; give the root certificate file as sslRootCert instead");
        }
        Raw factory = passThrough.get("sslfactory");
        if (factory != null) {
            throw new ConfigurationException(factory.property(), factory.origin() + " conflicts with"
                    + " sslRootCert=system, which sets sslfactory=" + JVM_TRUST_FACTORY);
        }
    }

    /**
     * Pass-through pgjdbc properties ({@code driverProperties}, URL parameters) must not undo the verification that
     * sslMode promises: another {@code sslfactory} replaces the check against sslRootCert (even
     * DefaultJavaSSLFactory, which trusts the JVM's CAs instead: that is sslRootCert=system, allowed only with
     * verify-full), and an {@code sslhostnameverifier} replaces verify-full's host name check.
     */
    private static void checkNoDowngrade(SslMode mode, Raw modeRaw, String pgjdbcMode, Map<String, Raw> passThrough) {
        String promise = "sslMode=" + mode + " (from " + (modeRaw == null ? "the default" : modeRaw.origin()) + ")";
        if (mode == SslMode.REQUIRE) {
            promise += ", which verifies the server certificate against the available root certificate as libpq"
                    + " does,";
        }
        Raw factory = passThrough.get("sslfactory");
        if (factory != null && !factory.text().strip().equals(LIBPQ_FACTORY)) {
            throw new ConfigurationException(factory.property(), factory.origin() + ": sslfactory " + factory.shown()
                    + " conflicts with " + promise + ": only pgjdbc's default " + LIBPQ_FACTORY + " checks the"
                    + " server certificate against sslRootCert; remove the sslfactory entry (for the JVM trust store"
                    + " use sslRootCert=system with verify-full), or choose an sslMode that does not verify");
        }
        Raw verifier = passThrough.get("sslhostnameverifier");
        if (verifier != null && pgjdbcMode.equals(SslMode.VERIFY_FULL.libpqName())
                && !verifier.text().strip().equals(PGJDBC_HOSTNAME_VERIFIER)) {
            throw new ConfigurationException(verifier.property(), verifier.origin() + ": sslhostnameverifier "
                    + verifier.shown() + " conflicts with " + promise + ": it would replace the host name check"
                    + " that verify-full promises; remove the sslhostnameverifier entry, or use sslMode=verify-ca");
        }
    }

    private static Path defaultRootCert(String userHome) {
        Path p = defaultRootCertPath(userHome);
        return p != null && Files.isRegularFile(p) && Files.isReadable(p) ? p : null;
    }

    /** {@code ~/.postgresql/root.crt}, or null when there is no usable home directory. */
    private static Path defaultRootCertPath(String userHome) {
        if (userHome == null || userHome.isBlank()) {
            return null;
        }
        try {
            return Path.of(userHome, ".postgresql", "root.crt");
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static ConfigurationException missingRootCert(SslMode mode, Raw modeRaw, String userHome) {
        Path defaultPath = defaultRootCertPath(userHome);
        String where = defaultPath == null
                ? "there is no home directory to look for ~/.postgresql/root.crt in"
                : "the default ~/.postgresql/root.crt does not exist: "
                        + CertificateFiles.printable(defaultPath.toString());
        return new ConfigurationException(modeRaw.property(), modeRaw.origin() + ": sslMode=" + mode
                + " needs sslRootCert (" + where + "); set sslRootCert to the CA certificate file, or"
                + " sslRootCert=system to trust the JVM's CAs (verify-full only)");
    }

    SslMode mode() {
        return mode;
    }

    /** The sslmode pgjdbc is given (differs from {@link #mode()} for require with a root certificate). */
    String pgjdbcMode() {
        return pgjdbcMode;
    }

    Path rootCert() {
        return rootCert;
    }

    boolean systemTrust() {
        return systemTrust;
    }

    Path cert() {
        return cert;
    }

    Path key() {
        return key;
    }

    boolean hasSslPassword() {
        return sslPassword != null && !sslPassword.isEmpty();
    }

    void applyTo(Properties p) {
        p.setProperty("sslmode", pgjdbcMode);
        if (rootCert != null) {
            p.setProperty("sslrootcert", rootCert.toString());
        }
        if (systemTrust) {
            p.setProperty("sslfactory", JVM_TRUST_FACTORY);
        }
        if (cert != null) {
            p.setProperty("sslcert", cert.toString());
        }
        if (key != null) {
            p.setProperty("sslkey", key.toString());
        }
        if (sslPassword != null) {
            p.setProperty("sslpassword", sslPassword);
        }
        if (pemKeyAlgorithm != null) {
            p.setProperty("pemKeyAlgorithm", pemKeyAlgorithm);
        }
    }

    /** e.g. {@code require (pgjdbc verify-ca, root /etc/pg/root.crt [default])} — no secrets. */
    String describe() {
        StringBuilder sb = new StringBuilder(mode.libpqName());
        if (mode == SslMode.DISABLE) {
            return sb.toString();
        }
        sb.append(" (pgjdbc ").append(pgjdbcMode);
        if (systemTrust) {
            sb.append(", root JVM trust store");
        } else if (rootCert != null) {
            sb.append(", root ").append(rootCert).append(rootCertIsDefault ? " [default]" : "");
        }
        if (cert != null) {
            sb.append(", cert ").append(cert);
        }
        if (key != null) {
            sb.append(", key ").append(key);
        }
        return sb.append(')').toString();
    }
}
