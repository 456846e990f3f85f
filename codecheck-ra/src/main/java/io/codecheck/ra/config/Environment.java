package io.codecheck.ra.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where {@code DB_*} / {@code DATABASE_URL} fallbacks and the user's home directory are read from.
 *
 * <p>A seam rather than {@link System#getenv} so that tests (and embedders) decide what the adapter sees.
 * Empty values count as unset, like unset variables.
 */
@FunctionalInterface
public interface Environment {

    /**
     * Pseudo-variable for the directory that holds {@code .postgresql/root.crt}. {@link #system()} answers it
     * from the JVM's {@code user.home} system property because that is where pgjdbc itself looks;
     * {@link #of(Map)} answers it from the map, so a test without it has no home directory at all.
     */
    String USER_HOME = "user.home";

    /** The variable's value, or {@code null} when unset. */
    String get(String name);

    /** The process environment, plus {@link #USER_HOME} from the {@code user.home} system property. */
    static Environment system() {
        return name -> USER_HOME.equals(name) ? System.getProperty("user.home") : System.getenv(name);
    }

    /** A fixed environment (a copy of {@code values}); nothing else is visible through it. */
    static Environment of(Map<String, String> values) {
        Map<String, String> copy = new HashMap<>(values);
        return copy::get;
    }
}
