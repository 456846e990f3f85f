package io.codecheck.ra.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.DatabaseConnectionException;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.config.Environment;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConfigProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.naming.Context;
import javax.naming.Name;
import javax.naming.Reference;
import javax.naming.StringRefAddr;
import javax.naming.spi.ObjectFactory;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The serialized forms of the factory and of the data source carry no secret, and a deserialized one either works
 * (by its JNDI Reference) or fails with a clear exception, never a NullPointerException.
 */
class SerializationTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkLMNOPQRSTUVWXYZ0123456789!$%&()*+,;=:~äöüßéñ€ж中文𝄞";

    /** Found by {@link LookupFactory} under the key in a Reference. */
    static final Map<String, CodeCheckDataSource> BOUND = new ConcurrentHashMap<>();

    /** Stands in for the container's JNDI object factory. */
    public static final class LookupFactory implements ObjectFactory {
        @Override
        public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment) {
            return BOUND.get((String) ((Reference) obj).get("key").getContent());
        }
    }

    private static String randomSecret() {
        int[] cps = ALPHABET.codePoints().toArray();
        StringBuilder sb = new StringBuilder("S");
        for (int i = 0; i < 12; i++) {
            sb.appendCodePoint(cps[RANDOM.nextInt(cps.length)]);
        }
        return sb.append("ü").toString();
    }

    private static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static <T> T deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (T) in.readObject();
        }
    }

    private static List<byte[]> encodings(String secret) throws IOException {
        List<byte[]> forms = new ArrayList<>();
        forms.add(secret.getBytes(StandardCharsets.UTF_8));
        forms.add(secret.getBytes(StandardCharsets.UTF_16BE));
        forms.add(secret.getBytes(StandardCharsets.UTF_16LE));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream modified = new ByteArrayOutputStream();
        new DataOutputStream(modified).writeUTF(secret); // Java serialization writes strings in modified UTF-8
        forms.add(Arrays.copyOfRange(modified.toByteArray(), 2, modified.size()));
        return forms;
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

    private static void assertNoSecret(byte[] serialized, String what, String... secrets) throws IOException {
        for (String secret : secrets) {
            for (byte[] form : encodings(secret)) {
                assertFalse(contains(serialized, form), what + " contains a secret in one of its encodings");
            }
        }
    }

    private static PgManagedConnectionFactory factoryWithSecrets(String password, String sslPassword,
            String urlPassword) {
        PgManagedConnectionFactory f = new PgManagedConnectionFactory();
        f.setEnvironment(Environment.of(Map.of()));
        f.setUrl("postgresql://app:" + URLEncoder.encode(urlPassword, StandardCharsets.UTF_8)
                + "@db.example.com:5432/shop?sslmode=disable");
        f.setPassword(password);
        f.setSslPassword(sslPassword);
        f.setPoolName("serial-" + RANDOM.nextInt(1_000_000));
        return f;
    }

    @RepeatedTest(4)
    void serializedFactoryAndDataSourceCarryNoSecret() throws Exception {
        String password = randomSecret();
        String sslPassword = randomSecret();
        String urlPassword = randomSecret();
        PgManagedConnectionFactory f = factoryWithSecrets(password, sslPassword, urlPassword);
        try {
            assertNoSecret(serialize(f), "factory", password, sslPassword, urlPassword);
            CodeCheckDataSource ds = (CodeCheckDataSource) f.createConnectionFactory(new TestConnectionManager());
            assertNoSecret(serialize(ds), "data source", password, sslPassword, urlPassword);
            ds.setReference(new Reference(CodeCheckDataSource.class.getName(), new StringRefAddr("key", "k"),
                    LookupFactory.class.getName(), null));
            assertNoSecret(serialize(ds), "data source with a Reference", password, sslPassword, urlPassword);
        } finally {
            f.shutdown();
        }
    }

    private static void assertClear(Throwable t) {
        assertFalse(t instanceof NullPointerException, String.valueOf(t));
        assertNotNull(t.getMessage());
        assertTrue(t.getMessage().contains("deserialized"), t.getMessage());
    }

    private static void assertFailsClearly(Class<? extends Throwable> type, Executable call) {
        assertClear(assertThrows(type, call::execute));
    }

    /** Like org.junit.jupiter.api.function.Executable, named apart to keep the imports short. */
    interface Executable {
        void execute() throws Throwable;
    }

    @Test
    void aDeserializedDataSourceWithoutReferenceFailsClearly() throws Exception {
        PgManagedConnectionFactory f = factoryWithSecrets(randomSecret(), randomSecret(), randomSecret());
        try {
            CodeCheckDataSource copy = deserialize(serialize(f.createConnectionFactory(new TestConnectionManager())));
            SQLException e = assertThrows(SQLException.class, copy::getConnection);
            assertClear(e);
            assertTrue(e.getMessage().contains("JNDI"), e.getMessage());
            assertFailsClearly(SQLException.class, () -> copy.getConnection("u", "p"));
            assertFailsClearly(DatabaseConnectionException.class, () -> copy.query("SELECT 1"));
            assertFailsClearly(DatabaseConnectionException.class, () -> copy.queryOne("SELECT 1"));
            assertFailsClearly(DatabaseConnectionException.class, () -> copy.update("SELECT 1"));
            assertFailsClearly(DatabaseConnectionException.class, () -> copy.inTransaction(c -> 1));
            assertFailsClearly(DatabaseConnectionException.class, copy::statistics);
            assertFailsClearly(DatabaseConnectionException.class, copy::poolName);
            assertFailsClearly(SQLException.class, copy::getLoginTimeout);
            HealthStatus health = copy.health();
            assertFalse(health.healthy());
            assertTrue(String.valueOf(health.error()).contains("deserialized"), String.valueOf(health.error()));
            assertNotNull(copy.toString());
        } finally {
            f.shutdown();
        }
    }

    @Test
    void aDeserializedFactoryThatHadSecretsFailsClearly() throws Exception {
        PgManagedConnectionFactory f = factoryWithSecrets(randomSecret(), randomSecret(), randomSecret());
        PgManagedConnectionFactory copy = deserialize(serialize(f));
        assertFailsClearly(ResourceException.class, () -> copy.createManagedConnection(null, null));
        assertFailsClearly(ResourceException.class, () -> copy.createConnectionFactory(new TestConnectionManager()));
        assertFailsClearly(ResourceException.class, copy::createConnectionFactory);
        assertNotNull(copy.toString());
    }

    @Test
    void aDeserializedDataSourceFindsItsResourceAgainByItsReference() throws Exception {
        try (PoolFixture pool = new PoolFixture()) {
            String key = "ds-" + RANDOM.nextLong();
            BOUND.put(key, pool.ds);
            pool.ds.setReference(new Reference(CodeCheckDataSource.class.getName(), new StringRefAddr("key", key),
                    LookupFactory.class.getName(), null));
            CodeCheckDataSource copy = deserialize(serialize(pool.ds));
            assertEquals(1, ((Number) copy.queryOne("SELECT 1 AS x").orElseThrow().get("x")).intValue());
            try (Connection c = copy.getConnection()) {
                assertTrue(c.isValid(5));
            }
            assertTrue(copy.health().healthy(), String.valueOf(copy.health().error()));
            assertEquals(pool.ds.poolName(), copy.poolName());
            assertTrue(copy.statistics().toString().length() > 0);
            BOUND.remove(key);
        }
    }

    @Test
    void aReferenceThatResolvesToNothingUsableFailsClearly() throws Exception {
        try (PoolFixture pool = new PoolFixture()) {
            pool.ds.setReference(new Reference(CodeCheckDataSource.class.getName(),
                    new StringRefAddr("key", "nothing-bound-here"), LookupFactory.class.getName(), null));
            CodeCheckDataSource copy = deserialize(serialize(pool.ds));
            assertFailsClearly(SQLException.class, copy::getConnection);
            assertFailsClearly(DatabaseConnectionException.class, () -> copy.query("SELECT 1"));
        }
    }

    @Test
    void urlIsConfidentialLikeThePasswords() throws Exception {
        for (String field : new String[] {"url", "password", "sslPassword"}) {
            ConfigProperty p = PgManagedConnectionFactory.class.getDeclaredField(field)
                    .getAnnotation(ConfigProperty.class);
            assertTrue(p.confidential(), field + " must be @ConfigProperty(confidential = true)");
        }
    }
}
