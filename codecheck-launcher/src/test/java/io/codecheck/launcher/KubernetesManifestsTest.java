package io.codecheck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.codecheck.ra.config.Property;
import io.codecheck.testkit.RepositoryFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes is structurally what docs/container.md promises: every variable it sets is one the adapter, the
 * sample or the image's entry point reads; secrets come only from the Secret codecheck-db and its documented keys;
 * the pod runs as the image's numeric non-root user on a read-only root file system; probes and requests are there.
 * Whether the probes' paths answer is checked by ContainerEntrypointIT, which starts the entry point and asks them.
 */
class KubernetesManifestsTest {
    private static final String ENTRYPOINT = "deploy/container/entrypoint.sh";
    private static final String SCHEMA_MIGRATOR = "codecheck-ear-sample/codecheck-sample-ejb/src/main/java/io/codecheck/"
            + "sample/schema/SchemaMigrator.java";
    /**
     * What the image's entry point and the sample read besides the adapter's own variables, and where: each name must
     * occur in its file (the sample's resources name DATABASE_READONLY_URL as their urlVariable).
     */
    private static final Map<String, String> IMAGE_AND_SAMPLE = Map.of(
            "DB_POOL_MIN", "codecheck-ear-sample/codecheck-sample-war/src/main/webapp/WEB-INF/glassfish-resources.xml",
            "DB_POOL_MAX", "codecheck-ear-sample/codecheck-sample-war/src/main/webapp/WEB-INF/glassfish-resources.xml",
            "DB_POOL_MAX_WAIT_MILLIS",
            "codecheck-ear-sample/codecheck-sample-war/src/main/webapp/WEB-INF/glassfish-resources.xml",
            "DATABASE_READONLY_URL",
            "codecheck-ear-sample/codecheck-sample-war/src/main/webapp/WEB-INF/glassfish-resources.xml",
            "DB_MIGRATION_USER", SCHEMA_MIGRATOR,
            "DB_MIGRATION_PASSWORD", SCHEMA_MIGRATOR,
            "HTTP_PORT", ENTRYPOINT,
            "CONTEXT_ROOT", ENTRYPOINT,
            "JAVA_OPTS", ENTRYPOINT);
    /** The keys docs/container.md and docs/managed-postgresql.md tell operators to put into the Secret. */
    private static final Set<String> SECRET_KEYS = Set.of("DATABASE_URL", "ca.crt", "DATABASE_READONLY_URL",
            "DB_MIGRATION_USER", "DB_MIGRATION_PASSWORD");

    @Test
    void everyVariableIsReadBySomethingAndSecretsComeOnlyFromTheDocumentedSecret() throws Exception {
        for (Map.Entry<String, String> e : IMAGE_AND_SAMPLE.entrySet()) {
            assertTrue(RepositoryFiles.read(e.getValue()).contains(e.getKey()), e.getValue() + " does not read "
                    + e.getKey());
        }
        Set<String> known = new HashSet<>(IMAGE_AND_SAMPLE.keySet());
        for (Property p : Property.values()) {
            if (p.envVar() != null) {
                known.add(p.envVar());
            }
        }
        List<Map<String, Object>> env = KubernetesManifests.at(KubernetesManifests.container(), "env");
        assertNotNull(env);
        for (Map<String, Object> var : env) {
            String name = (String) var.get("name");
            assertTrue(known.contains(name), name + " is read by neither the adapter, the sample nor the entry point");
            Map<String, Object> secretRef = KubernetesManifests.at(var, "valueFrom", "secretKeyRef");
            if (secretRef != null) {
                assertEquals("codecheck-db", secretRef.get("name"));
                assertTrue(SECRET_KEYS.contains((String) secretRef.get("key")), var.toString());
            } else {
                assertFalse(name.contains("PASSWORD") || name.equals("DATABASE_URL"),
                        name + " must come from the Secret, not be written in the manifest");
            }
        }
        List<Map<String, Object>> volumes = KubernetesManifests.at(KubernetesManifests.documents("deployment.yaml")
                .get(0), "spec", "template", "spec", "volumes");
        for (Map<String, Object> volume : volumes) {
            List<Map<String, Object>> items = KubernetesManifests.at(volume, "secret", "items");
            if (items != null) {
                assertEquals("codecheck-db", KubernetesManifests.at(volume, "secret", "secretName"));
                items.forEach(i -> assertTrue(SECRET_KEYS.contains((String) i.get("key")), i.toString()));
            }
        }
    }

    @Test
    void thePodRunsAsTheImagesNonRootUserWithProbesAndRequests() throws Exception {
        Map<String, Object> deployment = KubernetesManifests.documents("deployment.yaml").get(0);
        assertEquals("Deployment", deployment.get("kind"));
        Map<String, Object> pod = KubernetesManifests.at(deployment, "spec", "template", "spec", "securityContext");
        assertEquals(Boolean.TRUE, pod.get("runAsNonRoot"));
        String dockerfile = Files.readString(KubernetesManifests.directory().resolveSibling("container/Dockerfile"),
                StandardCharsets.UTF_8);
        Matcher user = Pattern.compile("(?m)^USER (\\d+)$").matcher(dockerfile);
        assertTrue(user.find(), "the image's USER must be numeric for runAsNonRoot to be verifiable");
        assertEquals(Integer.parseInt(user.group(1)), pod.get("runAsUser"));

        Map<String, Object> c = KubernetesManifests.container();
        assertEquals(Boolean.TRUE, KubernetesManifests.at(c, "securityContext", "readOnlyRootFilesystem"));
        assertEquals(Boolean.FALSE, KubernetesManifests.at(c, "securityContext", "allowPrivilegeEscalation"));
        assertEquals(List.of("/health/live", "/health/live", "/codecheck/api/health"), KubernetesManifests.probePaths());
        assertNotNull(KubernetesManifests.at(c, "resources", "requests", "cpu"));
        assertNotNull(KubernetesManifests.at(c, "resources", "requests", "memory"));
        assertEquals(8080, KubernetesManifests.<Object>at(c, "ports", 0, "containerPort"));
        assertTrue(dockerfile.contains("EXPOSE 8080"));

        Map<String, Object> service = KubernetesManifests.documents("service.yaml").get(0);
        assertEquals("http", KubernetesManifests.at(service, "spec", "ports", 0, "targetPort"));
        Map<String, Object> kustomization = KubernetesManifests.documents("kustomization.yaml").get(0);
        assertEquals(List.of("deployment.yaml", "service.yaml"), KubernetesManifests.at(kustomization, "resources"));
        // README: "set newName in deploy/kubernetes/kustomization.yaml": it must name the Deployment's image
        String image = KubernetesManifests.at(c, "image");
        assertEquals(image.substring(0, image.indexOf(':')), KubernetesManifests.at(kustomization, "images", 0,
                "name"));
        assertEquals(image.substring(image.indexOf(':') + 1), KubernetesManifests.at(kustomization, "images", 0,
                "newTag"));
    }
}
