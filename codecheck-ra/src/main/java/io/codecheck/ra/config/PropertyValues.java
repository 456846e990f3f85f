package io.codecheck.ra.config;

/**
 * The managed connection factory's JavaBean properties as the resource definition set them; {@code null} means
 * "not set here" (the environment or a default decides). Units: seconds for connect/login/socket timeouts,
 * milliseconds for everything else.
 *
 * <p>{@link #toString()} masks {@code password}, {@code sslPassword}, a password inside {@code url} and
 * password-like entries of {@code driverProperties}.
 */
public record PropertyValues(
        String url,
        String serverName,
        Integer portNumber,
        String databaseName,
        String user,
        String password,
        String sslMode,
        String sslRootCert,
        String sslCert,
        String sslKey,
        String sslPassword,
        Integer connectTimeout,
        Integer loginTimeout,
        Integer socketTimeout,
        Integer statementTimeout,
        Integer idleInTransactionTimeout,
        Boolean readOnly,
        String targetServerType,
        Boolean loadBalanceHosts,
        String applicationName,
        Integer validationTimeout,
        Integer validationInterval,
        Integer leakDetectionThreshold,
        Integer maxLifetime,
        String sessionReset,
        String transactionSupportLevel,
        String poolName,
        String driverProperties) {

    /** Nothing set: every value comes from the environment or the defaults. */
    public static PropertyValues empty() {
        return new PropertyValues(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "PropertyValues[url=" + UrlMasker.mask(url)
                + ", serverName=" + serverName
                + ", portNumber=" + portNumber
                + ", databaseName=" + databaseName
                + ", user=" + user
                + ", password=" + secret(password)
                + ", sslMode=" + sslMode
                + ", sslRootCert=" + sslRootCert
                + ", sslCert=" + sslCert
                + ", sslKey=" + sslKey
                + ", sslPassword=" + secret(sslPassword)
                + ", connectTimeout=" + connectTimeout
                + ", loginTimeout=" + loginTimeout
                + ", socketTimeout=" + socketTimeout
                + ", statementTimeout=" + statementTimeout
                + ", idleInTransactionTimeout=" + idleInTransactionTimeout
                + ", readOnly=" + readOnly
                + ", targetServerType=" + targetServerType
                + ", loadBalanceHosts=" + loadBalanceHosts
                + ", applicationName=" + applicationName
                + ", validationTimeout=" + validationTimeout
                + ", validationInterval=" + validationInterval
                + ", leakDetectionThreshold=" + leakDetectionThreshold
                + ", maxLifetime=" + maxLifetime
                + ", sessionReset=" + sessionReset
                + ", transactionSupportLevel=" + transactionSupportLevel
                + ", poolName=" + poolName
                + ", driverProperties=" + DriverPropertiesParser.mask(driverProperties)
                + "]";
    }

    private static String secret(String value) {
        return value == null ? null : UrlMasker.MASK;
    }
}
