package io.codecheck.ra.config;

import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemObject;

/** Real key files in every format the SSL mapping has to tell apart, written with mode 0600. */
final class TestKeys {

    private static KeyPair rsa;
    private static KeyPair ec;

    private TestKeys() {
    }

    static synchronized KeyPair rsa() throws Exception {
        if (rsa == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(1024);
            rsa = g.generateKeyPair();
        }
        return rsa;
    }

    static synchronized KeyPair ec() throws Exception {
        if (ec == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            ec = g.generateKeyPair();
        }
        return ec;
    }

    static Path pkcs8Der(Path path) throws Exception {
        return privateFile(path, rsa().getPrivate().getEncoded());
    }

    static Path pkcs8Pem(Path path, KeyPair pair) throws Exception {
        return privateFile(path, pem("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes());
    }

    /** BEGIN RSA PRIVATE KEY / BEGIN EC PRIVATE KEY, as openssl genrsa / ecparam write them. */
    static Path traditionalPem(Path path, KeyPair pair) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(pair.getPrivate());
        }
        return privateFile(path, w.toString().getBytes());
    }

    static Path pkcs1Der(Path path) throws Exception {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(rsa().getPrivate().getEncoded()).parsePrivateKey()
                .toASN1Primitive().getEncoded();
        return privateFile(path, pkcs1);
    }

    static Path encryptedPem(Path path) throws Exception {
        return privateFile(path, pem("ENCRYPTED PRIVATE KEY", pbes2().getContent()).getBytes());
    }

    static Path pbes2Der(Path path) throws Exception {
        return privateFile(path, pbes2().getContent());
    }

    static Path pkcs12(Path path) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (OutputStream out = Files.newOutputStream(path)) {
            ks.store(out, "changeit".toCharArray());
        }
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return path;
    }

    private static PemObject pbes2() throws Exception {
        OutputEncryptor enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .setPassword("pw".toCharArray()).build();
        return new JcaPKCS8Generator(rsa().getPrivate(), enc).generate();
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    static Path privateFile(Path path, byte[] content) throws Exception {
        Files.write(path, content);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return path;
    }
}
