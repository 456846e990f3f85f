package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.testsupport.GeneratedSecrets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    // ---- properties over generated passwords (GeneratedSecrets: seeded, 2 000 cases) ----

    /** A URL shape: {@code %s} is where the password goes; field is the driver property it should end up in. */
    private record Shape(String template, String field, boolean jdbc, boolean canSucceed) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("postgresql://u:%s@h1:5432/d", "password", false, true),
            new Shape("postgres://u:%s@h1/d?sslmode=disable", "password", false, true),
            new Shape("postgresql://u:%s@h1", "password", false, true),
            new Shape("postgresql://u:%s@h1:5433,h2/d?application_name=a", "password", false, true),
            new Shape("postgresql://u:%s@h1:54x2/d", "password", false, false),
            new Shape("postgresql://u:%s@h1,,h2/d", "password", false, false),
            new Shape("postgresql://u:%s@/d", "password", false, true),
            new Shape("postgresql://u:%s@h1/d/extra", "password", false, false),
            new Shape("postgresql://u:%s@h1/d?sslmod=require", "password", false, false),
            new Shape("postgresql:/u:%s@h1/d", "password", false, false),
            new Shape("postgresql://h1/d?user=u&password=%s", "password", false, true),
            new Shape("postgresql://h1/d?user=u&sslpassword=%s", "sslpassword", false, true),
            new Shape("postgresql://h1/d?password=%s&sslmode=disable", "password", false, true),
            new Shape("jdbc:postgresql://h1/d?user=u&password=%s", "password", true, true),
            new Shape("jdbc:postgresql://h1:5432/d?password=%s&sslmode=disable", "password", true, true),
            new Shape("jdbc:postgresql://h1/d?user=u&sslpassword=%s", "sslpassword", true, true),
            new Shape("jdbc:postgresql://h1:bad/d?password=%s", "password", true, false),
            new Shape("jdbc:postgresql://h1/d?password=%s&bogus", "password", true, false),
            new Shape("jdbc:postgresql://u:%s@h1/d", "password", true, false),
            new Shape("jdbc:postgresql://h1/d?Password=%s&sslmode=x", "password", true, false));

    /**
     * For every generated password, put unencoded and encoded into every shape, as the url property and as
     * DATABASE_URL: either the URL parses and carries exactly the password it spells, or no part of the password is
     * in the exception's message, toString or causes.
     */
    @Test
    void generatedPasswordsNeverLeakFromUrlParsing() {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String pw : GeneratedSecrets.generate()) {
            for (Shape shape : SHAPES) {
                String encoded = shape.jdbc() ? PasswordEncodings.formEncode(pw) : PasswordEncodings.percentEncode(pw);
                for (String embedded : List.of(pw, encoded)) {
                    String url = shape.template().replace("%s", embedded);
                    String expected = shape.jdbc() ? PasswordEncodings.formDecoded(embedded)
                            : PasswordEncodings.libpqDecoded(embedded);
                    for (boolean asEnv : new boolean[] {false, true}) {
                        cases++;
                        String problem = check(pw, url, shape, expected, asEnv);
                        if (problem != null) {
                            failures.add(problem);
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases (seed " + GeneratedSecrets.SEED
                + ") fail, e.g.\n" + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
    }

    private static String check(String pw, String url, Shape shape, String expected, boolean asEnv) {
        ConnectionSettings s;
        try {
            s = asEnv ? props().resolve(new HashMap<>(Map.of("DATABASE_URL", url))) : props().url(url).resolve();
        } catch (RuntimeException e) {
            String leak = GeneratedSecrets.leak(pw, e);
            return leak == null ? null : "[" + url + "] leaks '" + leak + "': " + e;
        }
        // the URL is trimmed as a whole: an unencoded password at its very end loses trailing blanks
        int trimmed = url.length() - url.trim().length();
        if (expected != null && trimmed > 0 && url.endsWith(pw)) {
            expected = expected.substring(0, expected.length() - trimmed);
        }
        Raw got = PostgresUrl.parse(url, "url", Source.URL_PROPERTY)
                .get("password".equals(shape.field()) ? Property.PASSWORD : Property.SSL_PASSWORD);
        if (!shape.canSucceed() || expected == null || got == null || !expected.equals(got.text())) {
            return "[" + url + "] parsed, but " + shape.field() + " is not the password the URL spells";
        }
        for (String shown : List.of(s.toString(), s.describe(), s.operatorView().toString(), s.jdbcUrl())) {
            String leak = GeneratedSecrets.leak(pw, shown);
            if (leak != null) {
                return "[" + url + "] settings show '" + leak + "'";
            }
        }
        return null;
    }

    @Test
    void generatedPasswordsNeverLeakFromUrlMasking() {
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String pw : GeneratedSecrets.generate()) {
            for (Shape shape : SHAPES) {
                for (String embedded : List.of(pw, PasswordEncodings.percentEncode(pw))) {
                    String url = shape.template().replace("%s", embedded);
                    cases++;
                    String masked = UrlMasker.mask(url);
                    String shown = props().url(url).build().toString();
                    String leak = GeneratedSecrets.leak(pw, masked);
                    String leak2 = GeneratedSecrets.leak(embedded, masked);
                    String leak3 = GeneratedSecrets.leak(pw, shown);
                    if (leak != null || leak2 != null || leak3 != null) {
                        failures.add("[" + url + "] -> " + masked);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases (seed " + GeneratedSecrets.SEED
                + ") fail, e.g.\n" + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
    }

    @Test
    void maskerHidesEverythingUpToTheLastAtOfTheAuthority() {
        assertEquals("postgresql://app:****@h/d", UrlMasker.mask("postgresql://app:p@ssw0rd@h/d"));
        assertEquals("postgresql://app:****@db/d", UrlMasker.mask("postgresql://app:Pa55word/Xyz9@db/d"));
        assertEquals("jdbc:postgresql://h/d?user=u&password=****&ssl=true",
                UrlMasker.mask("jdbc:postgresql://h/d?user=u&password=First&ssl=true"));
        assertFalse(UrlMasker.mask("jdbc:postgresql://h/d?user=u&password=First&SecondHalf").contains("Second"));
    }

    @Test
    void unencodedSlashInPasswordIsExplainedWithoutQuotingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> props()
                .resolve(new HashMap<>(Map.of("DATABASE_URL", "postgresql://app:Pa55word/Xyz9@db.example/d"))));
        assertFalse(e.getMessage().contains("Pa55") || e.getMessage().contains("Xyz9"), e.getMessage());
        assertTrue(e.getMessage().contains("percent-encoded"), e.getMessage());
    }

    @Test
    void ampersandInJdbcPasswordIsExplainedWithoutQuotingIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().url("jdbc:postgresql://h/d?user=app&password=First&SecondHalf").resolve());
        assertFalse(e.getMessage().contains("First") || e.getMessage().contains("Second"), e.getMessage());
        assertTrue(e.getMessage().contains("%26"), e.getMessage());
    }

    /**
     * Generated passwords in every non-URL place a secret can be given: the {@code password} and {@code sslPassword}
     * properties, {@code DB_PASSWORD}, and {@code driverProperties} (where secrets are refused): the settings show
     * none of it, and a refusal's message quotes none of it, whatever ';', '=' or blanks split the value into.
     */
    @Test
    void generatedPasswordsNeverLeakFromPropertiesEnvironmentOrDriverProperties() throws Exception {
        Path key = TestKeys.pkcs12(dir.resolve("generated.p12"));
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (String pw : GeneratedSecrets.generate()) {
            List<Supplier<Object>> shapes = List.of(
                    () -> props().password(pw).resolve(),
                    () -> props().resolve(new HashMap<>(Map.of("DB_PASSWORD", pw))),
                    () -> props().resolve(new HashMap<>(Map.of("DB_PASSWORD", pw, "DB_PORT", "x"))),
                    () -> props().password(pw).sslMode("require").sslKey(key.toString()).sslPassword(pw).resolve(),
                    () -> props().driverProperties("prepareThreshold=0;password=" + pw + ";tcpKeepAlive=true"),
                    () -> props().driverProperties("sslpassword=" + pw),
                    () -> props().driverProperties("tcpKeepAlive=true;PASSWORD = " + pw),
                    () -> props().password(pw).sslMode("requier").resolve());
            for (Supplier<Object> shape : shapes) {
                cases++;
                String shown;
                try {
                    Object o = shape.get();
                    if (o instanceof Props p) {
                        shown = p.build().toString();
                        try {
                            p.resolve();
                            shown += " | resolved";
                        } catch (RuntimeException e) {
                            shown += " | " + e + " | " + e.getMessage();
                        }
                    } else {
                        ConnectionSettings s = (ConnectionSettings) o;
                        shown = s + " | " + s.describe() + " | " + s.operatorView() + " | " + s.sources() + " | "
                                + s.jdbcUrl();
                    }
                } catch (RuntimeException e) {
                    shown = e + " | " + e.getMessage() + " | " + e.getCause();
                }
                // the key's path holds a random temporary directory name: digits any password may share
                String leak = GeneratedSecrets.leak(pw, shown.replace(key.toString(), "<key>"));
                if (leak != null) {
                    failures.add("case " + shapes.indexOf(shape) + " [" + pw + "] leaks '" + leak + "': " + shown);
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases (seed " + GeneratedSecrets.SEED
                + ") fail, e.g.\n" + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
    }
}
