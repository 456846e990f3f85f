package io.codecheck.ra.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Checks SSL files at configuration time, so that a wrong path or a key pgjdbc cannot read is reported with the
 * property's name when the pool is configured, not as "Could not load the private key" on the first connection.
 * Only the first bytes of a key are read.
 */
final class CertificateFiles {

    /** How pgjdbc 42.7.x will read a client key (it chooses its reader by file extension). */
    enum KeyKind { PKCS12, PKCS8_DER, PKCS8_DER_ENCRYPTED, PKCS8_PEM }

    /** @param pemAlgorithm the JCA algorithm of a PKCS#8 PEM key if not RSA (pgjdbc assumes RSA), else null */
    record KeyInfo(KeyKind kind, String pemAlgorithm) {
    }

    private static final int HEAD_BYTES = 16 * 1024;

    // DER encodings of the algorithm OIDs found at the start of a PKCS#8 PrivateKeyInfo
    private static final byte[] OID_RSA_PSS = hex("06092a864886f70d01010a");
    private static final byte[] OID_EC = hex("06072a8648ce3d0201");
    private static final byte[] OID_DSA = hex("06072a8648ce380401");
    private static final byte[] OID_ED25519 = hex("06032b6570");
    private static final byte[] OID_ED448 = hex("06032b6571");
    private static final byte[] OID_PBES2 = hex("06092a864886f70d01050d");

    private CertificateFiles() {
    }

    /**
     * @throws ConfigurationException naming the property and path if the path is blank or not a valid path (a NUL
     *                                character), or the file is missing or unreadable
     */
    static Path readableFile(Raw raw) {
        // strip, not trim: trim would also drop NULs and other control characters at the ends
        String text = raw.text().strip();
        if (text.isEmpty()) {
            throw new ConfigurationException(raw.property(), raw.origin() + ": a file path must not be blank"
                    + " (leave the property unset for none)");
        }
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(raw.property(), raw.origin() + ": '" + printable(text)
                    + "' is not a valid file path (" + e.getReason() + ")");
        }
        if (!Files.exists(path)) {
            throw fileProblem(raw, path, "does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw fileProblem(raw, path, "is not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw fileProblem(raw, path, "is not readable by this process");
        }
        return path;
    }

    static KeyInfo inspectKey(Raw raw, Path path) {
        byte[] head = readHead(raw, path);
        if (head.length == 0) {
            throw fileProblem(raw, path, "is empty");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        boolean pem = text.contains("-----BEGIN ");
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            if (pem || head[0] != 0x30) {
                throw fileProblem(raw, path, "is named like a PKCS#12 keystore but is not one (pgjdbc picks its"
                        + " key reader by file extension: .p12/.pfx for PKCS#12, .pk8 for PKCS#8 DER)");
            }
            return new KeyInfo(KeyKind.PKCS12, null);
        }
        KeyInfo info = pem ? inspectPem(raw, path, text) : inspectDer(raw, path, head);
        if (name.endsWith(".pem") && info.kind() != KeyKind.PKCS8_PEM) {
            throw fileProblem(raw, path, "is DER but named .pem, so pgjdbc would read it as PEM; name it .pk8");
        }
        if (name.endsWith(".der") && info.kind() == KeyKind.PKCS8_PEM) {
            throw fileProblem(raw, path, "is PEM but named .der, so pgjdbc would read it as DER; name it .key or .pem");
        }
        if (!name.endsWith(".der")) {
            // pgjdbc (like libpq) refuses such keys with "has group or world access"; say it now
            checkPermissions(raw, path);
        }
        return info;
    }

    private static KeyInfo inspectPem(Raw raw, Path path, String text) {
        String label = privateKeyLabel(text);
        if (label == null) {
            throw fileProblem(raw, path, "contains no PEM private key"
                    + (text.contains("BEGIN CERTIFICATE") ? " (it holds a certificate: that belongs in sslCert)" : ""));
        }
        switch (label) {
            case "PRIVATE KEY":
                return new KeyInfo(KeyKind.PKCS8_PEM, pemAlgorithm(text));
            case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
                throw fileProblem(raw, path, "is a PKCS#1/traditional PEM key (BEGIN " + label + "), which pgjdbc"
                        + " cannot read. Convert it to PKCS#8 DER and point sslKey at the result: openssl pkcs8"
                        + " -topk8 -inform PEM -outform DER -nocrypt -in " + path + " -out " + path + ".pk8");
            case "ENCRYPTED PRIVATE KEY":
                throw fileProblem(raw, path, "is an encrypted PEM key, which pgjdbc cannot read. Use an unencrypted"
                        + " PKCS#8 DER key (openssl pkcs8 -topk8 -inform PEM -outform DER -nocrypt -in " + path
                        + " -out " + path + ".pk8, kept readable by the server user only) or a PKCS#12 keystore"
                        + " (openssl pkcs12 -export -inkey " + path + " -in <client.crt> -out client.p12) with"
                        + " sslPassword");
            default:
                throw fileProblem(raw, path, "holds a '" + label + "', a format pgjdbc cannot read; use PKCS#8"
                        + " (.pk8 DER or BEGIN PRIVATE KEY PEM) or PKCS#12 (.p12)");
        }
    }

    private static String privateKeyLabel(String text) {
        int from = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", from);
            if (begin < 0) {
                return null;
            }
            int end = text.indexOf("-----", begin + 11);
            if (end < 0) {
                return null;
            }
            String label = text.substring(begin + 11, end);
            if (label.endsWith("PRIVATE KEY")) {
                return label;
            }
            from = end + 5;
        }
    }

    private static String pemAlgorithm(String text) {
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        StringBuilder b64 = new StringBuilder();
        for (int i = begin + 27; i < text.length() && b64.length() < 64; i++) {
            char c = text.charAt(i);
            if (c == '-') {
                break;
            }
            if (Character.isLetterOrDigit(c) || c == '+' || c == '/') {
                b64.append(c);
            }
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(b64.substring(0, b64.length() - b64.length() % 4));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (contains(der, OID_EC)) {
            return "EC";
        }
        if (contains(der, OID_ED25519)) {
            return "Ed25519";
        }
        if (contains(der, OID_ED448)) {
            return "Ed448";
        }
        if (contains(der, OID_DSA)) {
            return "DSA";
        }
        if (contains(der, OID_RSA_PSS)) {
            return "RSASSA-PSS";
        }
        return null; // RSA (pgjdbc's default) or unknown: leave pgjdbc's default alone
    }

    private static KeyInfo inspectDer(Raw raw, Path path, byte[] der) {
        String notAKey = "is neither a PEM nor a DER private key; use PKCS#8 (.pk8 DER or BEGIN PRIVATE KEY PEM)"
                + " or PKCS#12 (.p12)";
        if ((der[0] & 0xff) != 0x30) {
            throw fileProblem(raw, path, notAKey);
        }
        int pos = skipHeader(der, 0);
        if (pos < 0 || pos >= der.length) {
            throw fileProblem(raw, path, notAKey);
        }
        if ((der[pos] & 0xff) == 0x30) {
            if (contains(der, OID_PBES2)) {
                throw fileProblem(raw, path, "is a PBES2-encrypted PKCS#8 key, which pgjdbc cannot decrypt on"
                        + " Java 17; use an unencrypted .pk8 (openssl pkcs8 -topk8 -inform DER -outform DER -nocrypt"
                        + " -in " + path + " -out " + path + ".unencrypted.pk8) or a PKCS#12 keystore (.p12) with"
                        + " sslPassword");
            }
            return new KeyInfo(KeyKind.PKCS8_DER_ENCRYPTED, null);
        }
        if ((der[pos] & 0xff) != 0x02) {
            throw fileProblem(raw, path, notAKey);
        }
        int version = pos + 2 < der.length && der[pos + 1] == 1 ? der[pos + 2] : -1;
        int next = skipHeader(der, pos);
        next = next < 0 ? -1 : next + (der[pos + 1] & 0x7f);
        int nextTag = next >= 0 && next < der.length ? der[next] & 0xff : -1;
        if (version == 3 && nextTag == 0x30) {
            throw fileProblem(raw, path, "looks like a PKCS#12 keystore; name it .p12 or .pfx (pgjdbc picks its"
                    + " key reader by file extension)");
        }
        if (nextTag == 0x30) {
            return new KeyInfo(KeyKind.PKCS8_DER, null);
        }
        throw fileProblem(raw, path, "is a PKCS#1/traditional DER key, which pgjdbc cannot read. Convert it to"
                + " PKCS#8 DER: openssl pkcs8 -topk8 -inform DER -outform DER -nocrypt -in " + path + " -out "
                + path + ".pk8");
    }

    /** @return the offset of the first content byte of the DER element at {@code pos}, or -1 */
    private static int skipHeader(byte[] der, int pos) {
        if (pos + 1 >= der.length) {
            return -1;
        }
        int len = der[pos + 1] & 0xff;
        return len < 0x80 ? pos + 2 : pos + 2 + (len & 0x7f);
    }

    private static void checkPermissions(Raw raw, Path path) {
        Set<PosixFilePermission> perms;
        boolean ownedByRoot;
        try {
            perms = Files.getPosixFilePermissions(path);
            ownedByRoot = Integer.valueOf(0).equals(Files.getAttribute(path, "unix:uid"));
        } catch (UnsupportedOperationException | IOException | IllegalArgumentException e) {
            return; // not POSIX: pgjdbc checks ACLs there; leave it to the driver
        }
        boolean others = perms.contains(PosixFilePermission.OTHERS_READ)
                || perms.contains(PosixFilePermission.OTHERS_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        boolean group = perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                || (!ownedByRoot && perms.contains(PosixFilePermission.GROUP_READ));
        if (others || group) {
            throw fileProblem(raw, path, "has group or world access (" + java.nio.file.attribute.PosixFilePermissions
                    .toString(perms) + "), and pgjdbc, like libpq, refuses such keys; run chmod 600 " + path
                    + (ownedByRoot ? " (or 640 since it is owned by root)" : ""));
        }
    }

    private static byte[] readHead(Raw raw, Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            throw fileProblem(raw, path, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ConfigurationException fileProblem(Raw raw, Path path, String problem) {
        return new ConfigurationException(raw.property(), raw.origin() + ": file " + printable(path.toString())
                + " " + problem);
    }

    /** Control characters (legal in a Unix file name, but not in a log line) as a backslash, u and four hex digits. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
