package io.codecheck.launcher;

import io.codecheck.testkit.RepositoryFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The documents of deploy/kubernetes, parsed (safe constructor: plain maps, lists and scalars). */
final class KubernetesManifests {
    private KubernetesManifests() {
    }

    static Path directory() {
        return RepositoryFiles.path("deploy/kubernetes");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object doc : yaml.loadAll(Files.readString(directory().resolve(file), StandardCharsets.UTF_8))) {
            if (doc != null) {
                out.add((Map<String, Object>) doc);
            }
        }
        return out;
    }

    /** The value at a path of map keys and list indexes, e.g. {@code "spec", "template", "spec", "containers", 0}. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current == null) {
                return null;
            }
            current = step instanceof Integer i ? ((List<Object>) current).get(i) : ((Map<String, Object>) current)
                    .get((String) step);
        }
        return (T) current;
    }

    /** The container of the Deployment. */
    static Map<String, Object> container() throws IOException {
        return at(documents("deployment.yaml").get(0), "spec", "template", "spec", "containers", 0);
    }

    /** The HTTP paths of the startup, liveness and readiness probes. */
    static List<String> probePaths() throws IOException {
        Map<String, Object> c = container();
        List<String> paths = new ArrayList<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            String path = at(c, probe, "httpGet", "path");
            if (path == null) {
                throw new IllegalStateException(probe + " has no httpGet path");
            }
            paths.add(path);
        }
        return paths;
    }
}
