package io.codecheck.launcher.jmx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

/**
 * Checks a client's {@code String[] {user, password}} against the passwords of the credentials file. Every failure
 * gives the same message, which never quotes what the client sent.
 */
final class PasswordAuthenticator implements JMXAuthenticator {

    static final String FAILED = "Authentication failed";

    /** SHA-256 of each role's password: compared digest to digest, the time does not depend on where they differ. */
    private final Map<JmxRole, byte[]> digests = new EnumMap<>(JmxRole.class);

    PasswordAuthenticator(Map<JmxRole, String> passwords) {
        passwords.forEach((role, password) -> digests.put(role, sha256(password)));
    }

    @Override
    public Subject authenticate(Object credentials) {
        if (!(credentials instanceof String[] pair) || pair.length != 2 || pair[0] == null || pair[1] == null) {
            throw new SecurityException(FAILED);
        }
        JmxRole role = JmxRole.ofUser(pair[0]).orElse(null);
        byte[] offered = sha256(pair[1]);
        // compare even for an unknown user, so that the answer takes as long
        byte[] expected = role == null ? new byte[offered.length] : digests.get(role);
        boolean matches = expected != null && MessageDigest.isEqual(expected, offered);
        if (role == null || !matches) {
            throw new SecurityException(FAILED);
        }
        return new Subject(true, Set.of(new JMXPrincipal(role.user())), Collections.emptySet(), Collections.emptySet());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
