package io.codecheck.ra.spi;

import jakarta.resource.spi.ConnectionRequestInfo;

import java.util.Objects;

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
}
