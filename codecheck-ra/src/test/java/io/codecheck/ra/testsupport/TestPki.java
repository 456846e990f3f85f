package io.codecheck.ra.testsupport;

import io.codecheck.testkit.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Test certificates generated with BouncyCastle (no openssl CLI): a CA, a server certificate signed by it, a
 * client certificate signed by it in every key format the tests need, and an unrelated "wrong" CA.
 * All keys are RSA 2048 (the PKCS#1 PEM format exists only for RSA).
 */
final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    final Path caCert;
    final Path wrongCaCert;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKeyPk8;
    final Path clientKeyP12;
    final Path clientKeyPkcs8Pem;
    final Path clientKeyPkcs1Pem;

    /**
     * @param serverDnsName the server certificate's CN and its only subjectAltName (a DNS name, no IP address)
     * @param clientCn      the client certificate's CN, i.e. the role PostgreSQL "cert" authentication logs in
     * @param p12Password   password of client.p12; its key entry is named "user", the alias pgjdbc looks up
     */
    TestPki(Path dir, String serverDnsName, String clientCn, String p12Password) throws IOException {
        try {
            Files.createDirectories(dir);
            KeyPair ca = newKeyPair();
            X509Certificate caCertificate = caCertificate("CN=codecheck test CA", ca);
            KeyPair wrongCa = newKeyPair();
            X509Certificate wrongCaCertificate = caCertificate("CN=codecheck unrelated CA", wrongCa);

            KeyPair server = newKeyPair();
            X509Certificate serverCertificate = leafCertificate(caCertificate, ca, "CN=" + serverDnsName, server,
                    KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName(GeneralName.dNSName, serverDnsName)));
            KeyPair client = newKeyPair();
            X509Certificate clientCertificate = leafCertificate(caCertificate, ca, "CN=" + clientCn, client,
                    KeyPurposeId.id_kp_clientAuth, null);

            caCert = writePem(dir.resolve("ca.crt"), caCertificate);
            wrongCaCert = writePem(dir.resolve("wrong-ca.crt"), wrongCaCertificate);
            serverCert = writePem(dir.resolve("server.crt"), serverCertificate);
            serverKey = writePem(dir.resolve("server.key"), new JcaPKCS8Generator(server.getPrivate(), null));
            EmbeddedPostgresServer.restrictToOwner(serverKey);

            clientCert = writePem(dir.resolve("client.crt"), clientCertificate);
            clientKeyPk8 = Files.write(dir.resolve("client.pk8"), client.getPrivate().getEncoded());
            clientKeyPkcs8Pem = writePem(dir.resolve("client-pkcs8.pem"), new JcaPKCS8Generator(client.getPrivate(), null));
            // JcaPEMWriter writes an RSA PrivateKey in OpenSSL's traditional form: BEGIN RSA PRIVATE KEY
            clientKeyPkcs1Pem = writePem(dir.resolve("client-pkcs1.pem"), client.getPrivate());
            clientKeyP12 = dir.resolve("client.p12");
            writePkcs12(clientKeyP12, client, new Certificate[] {clientCertificate, caCertificate}, p12Password);
            for (Path key : new Path[] {clientKeyPk8, clientKeyPkcs8Pem, clientKeyPkcs1Pem, clientKeyP12}) {
                EmbeddedPostgresServer.restrictToOwner(key);
            }
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate test certificates", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(String subject, KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name(subject);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(),
                name, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(builder, keys);
    }

    private static X509Certificate leafCertificate(X509Certificate issuer, KeyPair issuerKeys, String subject,
                                                   KeyPair keys, KeyPurposeId purpose, GeneralNames altNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(), notBefore(), notAfter(),
                new X500Name(subject), keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer));
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        return sign(builder, issuerKeys);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    /** Back-dated a day so clock differences never make a fresh certificate "not yet valid". */
    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(365)));
    }

    private static Path writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
        return file;
    }

    private static void writePkcs12(Path file, KeyPair keys, Certificate[] chain, String password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("user", keys.getPrivate(), password.toCharArray(), chain);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }
}
