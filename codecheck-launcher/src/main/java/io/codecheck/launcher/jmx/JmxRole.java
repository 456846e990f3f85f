package io.codecheck.launcher.jmx;

import java.util.Locale;
import java.util.Optional;

/**
 * The two logins of the sample's remote JMX. The user name is the role's name: the credentials file holds one
 * password per role.
 */
public enum JmxRole {
    /** Reads attributes and MBean metadata, receives notifications; changes nothing. */
    MONITOR,
    /** What MONITOR may, plus operations and attribute writes on the adapter's pool MBeans only. */
    OPERATOR;

    public String user() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<JmxRole> ofUser(String user) {
        for (JmxRole role : values()) {
            if (role.user().equals(user)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
