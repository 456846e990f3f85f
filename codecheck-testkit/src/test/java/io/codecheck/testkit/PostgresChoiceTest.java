package io.codecheck.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

class PostgresChoiceTest {
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier DOCKER = () -> true;

    @Test
    void theEmbeddedServerIsTheDefaultAndDockerIsNotEvenAskedFor() {
        AtomicBoolean asked = new AtomicBoolean();
        PostgresChoice choice = PostgresChoice.choose(Map.of(), () -> asked.getAndSet(true));
        assertEquals(PostgresChoice.Kind.EMBEDDED, choice.kind());
        assertFalse(asked.get(), "no Docker probe unless Testcontainers is asked for");
        assertEquals(PostgresChoice.Kind.EMBEDDED, PostgresChoice.choose(Map.of("TEST_PG", " Embedded "), DOCKER).kind());
        assertEquals(PostgresChoice.Kind.EMBEDDED, PostgresChoice.choose(Map.of("TEST_PG", ""), DOCKER).kind());
    }

    @Test
    void testcontainersWhenAskedForAndDockerAnswers() {
        assertEquals(PostgresChoice.Kind.TESTCONTAINERS,
                PostgresChoice.choose(Map.of("TEST_PG", "testcontainers"), DOCKER).kind());
        assertEquals(PostgresChoice.Kind.TESTCONTAINERS,
                PostgresChoice.choose(Map.of("TEST_PG", "TestContainers"), DOCKER).kind());
    }

    @Test
    void testcontainersWithoutDockerFailsSayingWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PostgresChoice.choose(Map.of("TEST_PG", "testcontainers"), NO_DOCKER));
        assertTrue(e.getMessage().contains("no Docker daemon answers") && e.getMessage().contains("unset TEST_PG"),
                e.getMessage());
    }

    @Test
    void anExternalUrlWinsAndContradictionsAreRefused() {
        assertEquals(PostgresChoice.Kind.EXTERNAL,
                PostgresChoice.choose(Map.of("TEST_PG_URL", "jdbc:postgresql://db:5432/x"), NO_DOCKER).kind());
        assertEquals(PostgresChoice.Kind.EXTERNAL, PostgresChoice.choose(
                Map.of("TEST_PG_URL", "jdbc:postgresql://db:5432/x", "TEST_PG", "external"), NO_DOCKER).kind());
        IllegalStateException both = assertThrows(IllegalStateException.class, () -> PostgresChoice.choose(
                Map.of("TEST_PG_URL", "jdbc:postgresql://db:5432/x", "TEST_PG", "testcontainers"), DOCKER));
        assertTrue(both.getMessage().contains("TEST_PG=testcontainers and TEST_PG_URL are both set"),
                both.getMessage());
        IllegalStateException noUrl = assertThrows(IllegalStateException.class,
                () -> PostgresChoice.choose(Map.of("TEST_PG", "external"), DOCKER));
        assertTrue(noUrl.getMessage().contains("needs TEST_PG_URL"), noUrl.getMessage());
    }

    @Test
    void anUnknownKindIsRefusedListingTheKnownOnes() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PostgresChoice.choose(Map.of("TEST_PG", "docker"), DOCKER));
        assertTrue(e.getMessage().contains("TEST_PG=docker is not known") && e.getMessage().contains("embedded")
                && e.getMessage().contains("testcontainers") && e.getMessage().contains("TEST_PG_URL"), e.getMessage());
    }
}
