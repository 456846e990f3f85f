package io.codecheck.ra.config;

import static io.codecheck.ra.config.Props.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** maxReplicaLag and replicaLagFallback: defaults, accepted combinations, refusals that say what to change. */
class ReplicaLagSettingsTest {
    private static final String HOSTS = "p:5432,s1:5433,s2:5434";

    private static Props readOnlyOverThree() {
        return props().serverName(HOSTS).readOnly(true);
    }

    @Test
    void offByDefaultAndPrimaryIsTheDefaultFallback() {
        ConnectionSettings s = readOnlyOverThree().resolve();
        assertEquals(0, s.maxReplicaLagMillis());
        assertEquals(ReplicaLagFallback.PRIMARY, s.replicaLagFallback());
        assertEquals("0", s.operatorView().get("maxReplicaLag"));
        assertEquals("primary", s.operatorView().get("replicaLagFallback"));
    }

    @Test
    void acceptedOnAReadOnlyResourceOverStandbys() {
        ConnectionSettings s = readOnlyOverThree().set("maxReplicaLag", 500).resolve();
        assertEquals(500, s.maxReplicaLagMillis());
        assertEquals("preferSecondary", s.targetServerType());
        assertTrue(s.describe().contains("maxReplicaLag=500ms"), s.describe());
        ConnectionSettings fail = readOnlyOverThree().set("maxReplicaLag", 500).set("replicaLagFallback", " FAIL ")
                .targetServerType("secondary").resolve();
        assertEquals(ReplicaLagFallback.FAIL, fail.replicaLagFallback());
        assertEquals(500, readOnlyOverThree().set("maxReplicaLag", 500).targetServerType("any").resolve()
                .maxReplicaLagMillis());
    }

    @Test
    void refusedOnAReadWriteResource() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> props().serverName(HOSTS).set("maxReplicaLag", 500).resolve());
        assertEquals("maxReplicaLag", e.property());
        assertTrue(e.getMessage().contains("readOnly=true"), e.getMessage());
    }

    @Test
    void refusedWithTargetServerTypePrimary() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> readOnlyOverThree().targetServerType("primary").set("maxReplicaLag", 500).resolve());
        assertEquals("maxReplicaLag", e.property());
        assertTrue(e.getMessage().contains("targetServerType=primary"), e.getMessage());
        assertTrue(e.getMessage().contains("preferSecondary"), e.getMessage());
    }

    @Test
    void fallbackToThePrimaryRefusedWithSecondary() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> readOnlyOverThree().targetServerType("secondary").set("maxReplicaLag", 500).resolve());
        assertEquals("replicaLagFallback", e.property());
        assertTrue(e.getMessage().contains("(the default)"), e.getMessage());
        assertTrue(e.getMessage().contains("replicaLagFallback=fail"), e.getMessage());
    }

    @Test
    void unknownFallbackNamesTheChoices() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> readOnlyOverThree().set("replicaLagFallback", "standby").resolve());
        assertTrue(e.getMessage().contains("primary, fail"), e.getMessage());
    }

    @Test
    void fallbackWithoutMaxReplicaLagIsIgnored() {
        ConnectionSettings s = props().set("replicaLagFallback", "fail").resolve();
        assertEquals(0, s.maxReplicaLagMillis());
        assertEquals(0, props().set("maxReplicaLag", 0).resolve().maxReplicaLagMillis());
    }

    @Test
    void urlWithoutTheHostsLeftOut() {
        ConnectionSettings s = readOnlyOverThree().databaseName("app db").resolve();
        assertEquals("jdbc:postgresql://p:5432,s2:5434/app%20db", s.jdbcUrlWithout(Set.of("s1:5433")));
        assertEquals("jdbc:postgresql://p:5432/app%20db", s.jdbcUrlWithout(Set.of("s1:5433", "s2:5434")));
        assertNull(s.jdbcUrlWithout(Set.of("p:5432", "s1:5433", "s2:5434")));
        assertEquals(s.jdbcUrl(), s.jdbcUrlWithout(Set.of()));
    }
}
