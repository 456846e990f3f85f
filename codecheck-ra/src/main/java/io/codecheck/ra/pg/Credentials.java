package io.codecheck.ra.pg;

import io.codecheck.ra.config.ConnectionSettings;

import java.util.Objects;

/**
 * The login a managed connection was opened with: the resource's own (default), or one given by the container
 * (a {@code PasswordCredential} in the Subject, container-managed sign-on) or by the application
 * ({@code getConnection(user, password)}). Connections are only reused for the same login.
 */
public final class Credentials {
    public static final Credentials DEFAULT = new Credentials(null, null);

    private final String user;
    private final String password;

    private Credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** A login given by the container or the application; null user or password mean none given. */
    public static Credentials of(String user, String password) {
        return user == null ? DEFAULT : new Credentials(user, password);
    }

    public boolean isDefault() {
        return user == null;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The login role, for messages. */
    public String user(ConnectionSettings settings) {
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
