package io.codecheck.ra.spi;

import io.codecheck.ra.config.ConnectionSettings;

import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;

import java.util.Objects;

import javax.security.auth.Subject;

/**
 * The login a managed connection was opened with: the resource's own (default), or one given by the container
 * (a {@link PasswordCredential} in the Subject, container-managed sign-on) or by the application
 * ({@code getConnection(user, password)}). Connections are only reused for the same login.
 */
final class Credentials {
    static final Credentials DEFAULT = new Credentials(null, null);

    private final String user;
    private final String password;

    private Credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    static Credentials of(Subject subject, ConnectionRequestInfo info, ManagedConnectionFactory mcf) {
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
                    return new Credentials(userName,
                            pc.getPassword() == null ? null : new String(pc.getPassword()));
                }
            }
        }
        if (info instanceof PgConnectionRequestInfo pg) {
            return new Credentials(pg.user(), pg.password());
        }
        return DEFAULT;
    }

    boolean isDefault() {
        return user == null;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** The login role, for messages. */
    String user(ConnectionSettings settings) {
        return user != null ? user : settings.user();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && Objects.equals(user, c.user) && Objects.equals(password, c.password);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(user);
    }

    @Override
    public String toString() {
        return isDefault() ? "Credentials[resource default]" : "Credentials[user=" + user + ", password=****]";
    }
}
