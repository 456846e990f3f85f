package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecretsNeverLeakTest {

    static final String SECRET = "Sup3r-S3cret";
    static final String KEY_SECRET = "K3y-Pa55phrase";

    @TempDir
    Path dir;

    private static void assertClean(String text) {
        assertFalse(text.contains(SECRET), "leaked password: " + text);
        assertFalse(text.contains(KEY_SECRET), "leaked sslPassword: " + text);
        assertFalse(text.contains("S3cret"), "leaked part of the password: " + text);
    }

    @Test
    void propertyValuesToStringMasksEverySecret() {
        PropertyValues v = props().password(SECRET).sslPassword(KEY_SECRET)
                .url("postgresql://u:" + SECRET + "@h/d?sslpassword=" + KEY_SECRET)
                .driverProperties("prepareThreshold=0;password=" + SECRET + ";sslpassword=" + KEY_SECRET).build();
        String s = v.toString();
        assertClean(s);
        assertTrue(s.contains("password=****") && s.contains("sslPassword=****"), s);
        assertTrue(s.contains("postgresql://u:****@h/d"), "the rest of the URL stays readable: " + s);
        assertTrue(s.contains("prepareThreshold=0"), s);
    }

    @Test
    void propertyValuesToStringMasksJdbcUrlPasswordParameter() {
        String s = props().url("jdbc:postgresql://h/d?user=u&password=" + SECRET + "&ssl=true").build().toString();
        assertClean(s);
        assertTrue(s.contains("user=u&password=****&ssl=true"), s);
    }

    @Test
    void resolvedSettingsShowNoSecretsAnywhere() throws Exception {
        Path key = TestKeys.pkcs12(dir.resolve("client.p12"));
        Map<String, String> env = Map.of("DB_PASSWORD", "unused-" + SECRET);
        ConnectionSettings s = props().password(SECRET).sslMode("require").sslKey(key.toString())
                .sslPassword(KEY_SECRET).resolve(env);
        assertClean(s.toString());
        assertClean(s.describe());
        assertClean(s.operatorView().toString());
        assertClean(s.sources().toString());
        assertClean(s.jdbcUrl());
        assertFalse(s.operatorView().containsKey("password"));
        assertFalse(s.operatorView().containsKey("sslPassword"));
        assertEquals("true", s.operatorView().get("passwordSet"));
        assertEquals("true", s.operatorView().get("sslPasswordSet"));
        assertTrue(s.describe().contains("password=set"), s.describe());
        // ...while pgjdbc does get them
        assertEquals(SECRET, s.driverProperties().getProperty("password"));
        assertEquals(KEY_SECRET, s.driverProperties().getProperty("sslpassword"));
    }

    @Test
    void passwordFromUrlIsNotShownEither() {
        ConnectionSettings s = props().url("postgresql://u:" + SECRET + "@h/d").resolve();
        assertClean(s.toString());
        assertClean(s.operatorView().toString());
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("malformed url with password", (Supplier<Props>) () ->
                        props().url("postgresql://u:" + SECRET + "@h:badport/d"), Map.of()),
                Arguments.of("unknown scheme with password", (Supplier<Props>) () ->
                        props().url("mysql://u:" + SECRET + "@h/d"), Map.of()),
                Arguments.of("single slash", (Supplier<Props>) () ->
                        props().url("postgresql:/u:" + SECRET + "@h/d"), Map.of()),
                Arguments.of("password with unencoded slash", (Supplier<Props>) () ->
                        props().url("postgresql://u:Sup3r/S3cret@h/d"), Map.of()),
                Arguments.of("jdbc url password parameter and unknown parameter", (Supplier<Props>) () ->
                        props().url("jdbc:postgresql://h/d?password=" + SECRET + "&bogus=1"), Map.of()),
                Arguments.of("jdbc url with user info", (Supplier<Props>) () ->
                        props().url("jdbc:postgresql://u:" + SECRET + "@h/d"), Map.of()),
                Arguments.of("malformed DATABASE_URL", (Supplier<Props>) Props::props,
                        Map.of("DATABASE_URL", "postgres://u:" + SECRET + "@h:0/d")),
                Arguments.of("bad port next to DB_PASSWORD", (Supplier<Props>) Props::props,
                        Map.of("DB_PASSWORD", SECRET, "DB_PORT", "x")),
                Arguments.of("password in driverProperties", (Supplier<Props>) () ->
                        props().driverProperties("password=" + SECRET), Map.of()),
                Arguments.of("sslpassword with ';' in driverProperties", (Supplier<Props>) () ->
                        props().driverProperties("sslpassword=Sup3r;S3cret"), Map.of()),
                Arguments.of("secret typed into the wrong property", (Supplier<Props>) () ->
                        props().password(SECRET).sslMode(SECRET), Map.of()),
                Arguments.of("secret as an sslKey path", (Supplier<Props>) () ->
                        props().sslPassword(KEY_SECRET).sslMode("require").sslKey("/keys/" + KEY_SECRET), Map.of()),
                Arguments.of("url password and bad sslmode in DATABASE_URL", (Supplier<Props>) Props::props,
                        Map.of("DATABASE_URL", "postgres://u:" + SECRET + "@h/d?sslmode=" + SECRET)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void exceptionMessagesNeverContainSecrets(String name, Supplier<Props> props, Map<String, String> env) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props.get().resolve(new HashMap<>(env)));
        assertClean(e.getMessage());
        assertClean(String.valueOf(e));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void malformedUrlMessageStillShowsTheMaskedUrl() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().url("postgresql://u:" + SECRET + "@h:badport/d").resolve());
        assertTrue(e.getMessage().contains("postgresql://u:****@h:badport/d"), e.getMessage());
    }

    @Test
    void rawValuesOfSecretFieldsAreMasked() {
        Raw raw = Raw.of(SECRET, Source.RESOURCE_PROPERTY, "password", "password", true);
        assertClean(raw.toString());
        assertClean(raw.invalid("whatever").getMessage());
    }
}
