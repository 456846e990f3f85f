package io.codecheck.ra.spi;

import io.codecheck.ra.pg.Credentials;

import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;

import java.util.Objects;

import javax.security.auth.Subject;

/** Credentials given by the application through {@code DataSource.getConnection(user, password)}. */
final class PgConnectionRequestInfo implements ConnectionRequestInfo {
    private final String user;
    private final String password;

    PgConnectionRequestInfo(String user, String password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = password;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgConnectionRequestInfo other && user.equals(other.user)
                && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }

    @Override
    public String toString() {
        return "PgConnectionRequestInfo[user=" + user + ", password=****]";
    }

    /**
     * The login a managed connection is opened with: one given by the container (a {@link PasswordCredential} in
     * the Subject, container-managed sign-on), else one the application gave, else the resource's own.
     */
    static Credentials credentials(Subject subject, ConnectionRequestInfo info, ManagedConnectionFactory mcf) {
        if (subject != null) {
            // The live set, not getPrivateCredentials(Class), which copies it into a new set on every borrow
            // (a tenth of the adapter's borrow cost in the benchmark); both check the same permissions.
            for (Object credential : subject.getPrivateCredentials()) {
                // Payara/GlassFish pass a PasswordCredential with an empty user name when the pool names no user
                // (container-managed sign-on by default): that means "no login given", not the role "".
                // (the cheap test first: the factory comparison is only needed for a real login)
                if (!(credential instanceof PasswordCredential pc)) {
                    continue;
                }
                String userName = pc.getUserName();
                if (userName != null && !userName.isEmpty() && (pc.getManagedConnectionFactory() == null
                        || mcf.equals(pc.getManagedConnectionFactory()))) {
                    return Credentials.of(userName,
                            pc.getPassword() == null ? null : new String(pc.getPassword()));
                }
            }
        }
        if (info instanceof PgConnectionRequestInfo pg) {
            return Credentials.of(pg.user(), pg.password());
        }
        return Credentials.DEFAULT;
    }
}
