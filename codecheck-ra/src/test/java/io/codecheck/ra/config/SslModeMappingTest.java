package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The libpq semantics table of {@link SslSettings}, row by row. */
class SslModeMappingTest {

    @TempDir
    Path dir;

    private Path rootCert() throws Exception {
        return Files.writeString(dir.resolve("root.crt"), "-----BEGIN CERTIFICATE-----\n");
    }

    /** A home directory with ~/.postgresql/root.crt, as libpq would find it. */
    private Map<String, String> homeWithRootCert() throws Exception {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".postgresql"));
        Files.writeString(home.resolve(".postgresql/root.crt"), "cert");
        return Map.of(Environment.USER_HOME, home.toString());
    }

    private Map<String, String> emptyHome() throws Exception {
        return Map.of(Environment.USER_HOME, Files.createDirectories(dir.resolve("empty-home")).toString());
    }

    @ParameterizedTest
    @CsvSource({"disable,DISABLE", "ALLOW,ALLOW", "Prefer,PREFER", "require,REQUIRE", "verify-ca,VERIFY_CA",
            "VERIFY-FULL,VERIFY_FULL", "verify_full,VERIFY_FULL"})
    void fromStringAcceptsLibpqSpellingsCaseInsensitively(String text, SslMode expected) {
        assertEquals(expected, SslMode.fromString(text));
    }

    @Test
    void fromStringRejectsOthersListingTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SslMode.fromString("on"));
        assertTrue(e.getMessage().contains("disable, allow, prefer, require, verify-ca, verify-full"), e.getMessage());
    }

    @Test
    void disableIgnoresCertificateSettingsEvenIfTheFilesDoNotExist() {
        Properties p = props().sslMode("disable").sslRootCert("/nope/root.crt").sslCert("/nope/c.crt")
                .sslKey("/nope/k.pk8").sslPassword("x").resolve().driverProperties();
        assertEquals("disable", p.getProperty("sslmode"));
        assertNull(p.getProperty("sslrootcert"));
        assertNull(p.getProperty("sslkey"));
        assertNull(p.getProperty("sslpassword"));
    }

    @ParameterizedTest
    @CsvSource({"allow", "prefer"})
    void allowAndPreferPassThroughWithoutRootCertBecausePgjdbcNeverVerifiesThere(String mode) throws Exception {
        Properties p = props().sslMode(mode).sslRootCert(rootCert().toString()).resolve(homeWithRootCert())
                .driverProperties();
        assertEquals(mode, p.getProperty("sslmode"));
        assertNull(p.getProperty("sslrootcert"));
    }

    @Test
    void defaultModeIsPrefer() throws Exception {
        ConnectionSettings s = props().resolve(emptyHome());
        assertEquals(SslMode.PREFER, s.sslMode());
        assertEquals("prefer", s.driverProperties().getProperty("sslmode"));
    }

    @Test
    void requireWithoutRootCertStaysRequire() throws Exception {
        ConnectionSettings s = props().sslMode("require").resolve(emptyHome());
        assertEquals("require", s.driverProperties().getProperty("sslmode"));
        assertNull(s.driverProperties().getProperty("sslrootcert"));
        assertEquals("require", s.pgjdbcSslMode());
    }

    @Test
    void requireWithSslRootCertBecomesVerifyCaLikeLibpq() throws Exception {
        Path root = rootCert();
        ConnectionSettings s = props().sslMode("require").sslRootCert(root.toString()).resolve(emptyHome());
        assertEquals(SslMode.REQUIRE, s.sslMode(), "the configured (libpq) mode is reported unchanged");
        assertEquals("verify-ca", s.driverProperties().getProperty("sslmode"));
        assertEquals(root.toString(), s.driverProperties().getProperty("sslrootcert"));
        assertTrue(s.describe().contains("require (pgjdbc verify-ca"), s.describe());
    }

    @Test
    void requireWithDefaultRootCertInHomeBecomesVerifyCaWithThatFile() throws Exception {
        Map<String, String> env = homeWithRootCert();
        ConnectionSettings s = props().sslMode("require").resolve(env);
        assertEquals("verify-ca", s.driverProperties().getProperty("sslmode"));
        assertEquals(Path.of(env.get(Environment.USER_HOME), ".postgresql", "root.crt").toString(),
                s.driverProperties().getProperty("sslrootcert"));
    }

    @ParameterizedTest
    @CsvSource({"verify-ca", "verify-full"})
    void verifyModesPassTheConfiguredRootCert(String mode) throws Exception {
        Path root = rootCert();
        Properties p = props().sslMode(mode).sslRootCert(root.toString()).resolve().driverProperties();
        assertEquals(mode, p.getProperty("sslmode"));
        assertEquals(root.toString(), p.getProperty("sslrootcert"));
        assertNull(p.getProperty("sslfactory"));
    }

    @ParameterizedTest
    @CsvSource({"verify-ca", "verify-full"})
    void verifyModesUseTheDefaultRootCertExplicitly(String mode) throws Exception {
        Map<String, String> env = homeWithRootCert();
        Properties p = props().sslMode(mode).resolve(env).driverProperties();
        assertEquals(mode, p.getProperty("sslmode"));
        assertTrue(p.getProperty("sslrootcert").endsWith(".postgresql/root.crt"), p.getProperty("sslrootcert"));
    }

    @ParameterizedTest
    @CsvSource({"verify-ca", "verify-full"})
    void verifyModesWithoutAnyRootCertAreRejected(String mode) throws Exception {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode(mode).resolve(emptyHome()));
        assertTrue(e.getMessage().contains("sslMode=" + mode + " needs sslRootCert (the default"
                + " ~/.postgresql/root.crt does not exist"), e.getMessage());
        assertEquals("sslMode", e.property());
    }

    @Test
    void verifyModeFromEnvironmentNamesTheVariable() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(emptyHome());
        env.put("DB_SSLMODE", "verify-full");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> props().resolve(env));
        assertEquals("DB_SSLMODE", e.property());
        assertTrue(e.getMessage().startsWith("DB_SSLMODE"), e.getMessage());
    }

    @Test
    void systemRootCertUsesTheJvmTrustStoreWithVerifyFull() {
        Properties p = props().sslMode("verify-full").sslRootCert("system").resolve().driverProperties();
        assertEquals("verify-full", p.getProperty("sslmode"));
        assertEquals("org.postgresql.ssl.DefaultJavaSSLFactory", p.getProperty("sslfactory"));
        assertNull(p.getProperty("sslrootcert"));
    }

    @Test
    void systemRootCertWithoutSslModeDefaultsToVerifyFullLikeLibpq() {
        ConnectionSettings s = props().sslRootCert("system").resolve();
        assertEquals(SslMode.VERIFY_FULL, s.sslMode());
        assertEquals("org.postgresql.ssl.DefaultJavaSSLFactory", s.driverProperties().getProperty("sslfactory"));
    }

    @ParameterizedTest
    @CsvSource({"allow", "prefer", "require", "verify-ca"})
    void systemRootCertWithWeakerModesIsRejected(String mode) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode(mode).sslRootCert("system").resolve());
        assertEquals("sslRootCert", e.property());
        assertTrue(e.getMessage().contains("needs sslMode=verify-full"), e.getMessage());
    }

    @Test
    void systemRootCertCannotBeCombinedWithClientCertificates() throws Exception {
        Path key = TestKeys.pkcs8Der(dir.resolve("k.pk8"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("verify-full").sslRootCert("system").sslKey(key.toString()).resolve());
        assertEquals("sslKey", e.property());
        assertTrue(e.getMessage().contains("javax.net.ssl.keyStore"), e.getMessage());
    }

    @Test
    void missingRootCertFileNamesPropertyAndPath() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("verify-ca").sslRootCert("/no/such/root.crt").resolve());
        assertEquals("sslRootCert", e.property());
        assertTrue(e.getMessage().contains("/no/such/root.crt") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void missingClientCertFromEnvironmentNamesTheVariable() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").resolve(Map.of("DB_SSLCERT", "/no/client.crt")));
        assertEquals("DB_SSLCERT", e.property());
        assertTrue(e.getMessage().contains("/no/client.crt"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ client keys

    @Test
    void pkcs8DerKeyIsAccepted() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.crt"), "cert");
        Path key = TestKeys.pkcs8Der(dir.resolve("client.pk8"));
        Properties p = props().sslMode("require").sslCert(cert.toString()).sslKey(key.toString()).resolve()
                .driverProperties();
        assertEquals(key.toString(), p.getProperty("sslkey"));
        assertEquals(cert.toString(), p.getProperty("sslcert"));
        assertNull(p.getProperty("sslpassword"));
        assertNull(p.getProperty("pemKeyAlgorithm"));
    }

    @Test
    void pkcs12WithoutPasswordGetsAnEmptyOneSoPgjdbcDoesNotPromptOnAConsole() throws Exception {
        Path key = TestKeys.pkcs12(dir.resolve("client.p12"));
        Properties p = props().sslMode("require").sslKey(key.toString()).resolve().driverProperties();
        assertEquals("", p.getProperty("sslpassword"));
    }

    @Test
    void pkcs12WithPasswordPassesIt() throws Exception {
        Path key = TestKeys.pkcs12(dir.resolve("client.pfx"));
        Properties p = props().sslMode("require").sslKey(key.toString()).sslPassword("changeit").resolve()
                .driverProperties();
        assertEquals("changeit", p.getProperty("sslpassword"));
    }

    @Test
    void unencryptedPkcs8PemRsaKeyIsAccepted() throws Exception {
        Path key = TestKeys.pkcs8Pem(dir.resolve("client.key"), TestKeys.rsa());
        Properties p = props().sslMode("require").sslKey(key.toString()).resolve().driverProperties();
        assertEquals(key.toString(), p.getProperty("sslkey"));
        assertNull(p.getProperty("pemKeyAlgorithm"), "RSA is pgjdbc's default");
    }

    @Test
    void unencryptedPkcs8PemEcKeyTellsPgjdbcTheAlgorithm() throws Exception {
        Path key = TestKeys.pkcs8Pem(dir.resolve("client.pem"), TestKeys.ec());
        Properties p = props().sslMode("require").sslKey(key.toString()).resolve().driverProperties();
        assertEquals("EC", p.getProperty("pemKeyAlgorithm"));
    }

    @Test
    void explicitPemKeyAlgorithmIsNotOverridden() throws Exception {
        Path key = TestKeys.pkcs8Pem(dir.resolve("client.pem"), TestKeys.ec());
        Properties p = props().sslMode("require").sslKey(key.toString()).driverProperties("pemKeyAlgorithm=EC")
                .resolve().driverProperties();
        assertEquals("EC", p.getProperty("pemKeyAlgorithm"));
    }

    @Test
    void pkcs1RsaPemKeyIsRejectedWithTheConversionCommand() throws Exception {
        Path key = TestKeys.traditionalPem(dir.resolve("client.key"), TestKeys.rsa());
        assertTrue(Files.readString(key).contains("BEGIN RSA PRIVATE KEY"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).resolve());
        assertEquals("sslKey", e.property());
        assertTrue(e.getMessage().startsWith("sslKey"), e.getMessage());
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("pgjdbc cannot read"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -inform PEM -outform DER -nocrypt -in " + key
                + " -out " + key + ".pk8"), e.getMessage());
    }

    @Test
    void traditionalEcPemKeyIsRejected() throws Exception {
        Path key = TestKeys.traditionalPem(dir.resolve("client.key"), TestKeys.ec());
        assertTrue(Files.readString(key).contains("BEGIN EC PRIVATE KEY"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).resolve());
        assertTrue(e.getMessage().contains("BEGIN EC PRIVATE KEY") && e.getMessage().contains("openssl pkcs8"),
                e.getMessage());
    }

    @Test
    void dsaTraditionalPemHeaderIsRejected() throws Exception {
        Path key = TestKeys.privateFile(dir.resolve("dsa.key"),
                TestKeys.pem("DSA PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}).getBytes());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).resolve());
        assertTrue(e.getMessage().contains("PKCS#1/traditional"), e.getMessage());
    }

    @Test
    void encryptedPemKeyIsRejectedSuggestingPk8OrP12() throws Exception {
        Path key = TestKeys.encryptedPem(dir.resolve("client.key"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).sslPassword("pw").resolve());
        assertTrue(e.getMessage().contains("encrypted PEM"), e.getMessage());
        assertTrue(e.getMessage().contains(".pk8") && e.getMessage().contains(".p12"), e.getMessage());
    }

    @Test
    void pkcs1DerKeyIsRejected() throws Exception {
        Path key = TestKeys.pkcs1Der(dir.resolve("client.pk8"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).resolve());
        assertTrue(e.getMessage().contains("PKCS#1/traditional DER") && e.getMessage().contains("-inform DER"),
                e.getMessage());
    }

    @Test
    void pbes2EncryptedDerKeyIsRejectedBecauseJava17CannotDecryptItInPgjdbc() throws Exception {
        Path key = TestKeys.pbes2Der(dir.resolve("client.pk8"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).sslPassword("pw").resolve());
        assertTrue(e.getMessage().contains("PBES2"), e.getMessage());
    }

    @Test
    void pkcs12ContentUnderAPk8NameIsRejectedBecausePgjdbcChoosesByExtension() throws Exception {
        Path key = TestKeys.pkcs12(dir.resolve("client.pk8"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).resolve());
        assertTrue(e.getMessage().contains("name it .p12"), e.getMessage());
    }

    @Test
    void pemUnderAP12NameIsRejected() throws Exception {
        Path key = TestKeys.pkcs8Pem(dir.resolve("client.p12"), TestKeys.rsa());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).resolve());
        assertTrue(e.getMessage().contains("PKCS#12"), e.getMessage());
    }

    @Test
    void certificateGivenAsKeyIsRejected() throws Exception {
        Path key = TestKeys.privateFile(dir.resolve("client.key"),
                TestKeys.pem("CERTIFICATE", new byte[] {1, 2, 3}).getBytes());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).resolve());
        assertTrue(e.getMessage().contains("belongs in sslCert"), e.getMessage());
    }

    @Test
    void worldReadableKeyIsRejectedLikePgjdbcAndLibpqWould() throws Exception {
        Path key = TestKeys.pkcs8Der(dir.resolve("client.pk8"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").sslKey(key.toString()).resolve());
        assertTrue(e.getMessage().contains("chmod 600 " + key), e.getMessage());
    }

    @Test
    void keyFromEnvironmentIsReportedUnderItsVariableName() throws Exception {
        Path key = TestKeys.traditionalPem(dir.resolve("client.key"), TestKeys.rsa());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().sslMode("require").resolve(Map.of("DB_SSLKEY", key.toString())));
        assertEquals("DB_SSLKEY", e.property());
        assertTrue(e.getMessage().startsWith("DB_SSLKEY"), e.getMessage());
    }

    @Test
    void sslPasswordIsOnlySentWithAKey() {
        Properties p = props().sslMode("require").sslPassword("unused").resolve().driverProperties();
        assertFalse(p.containsKey("sslpassword"));
    }
}
