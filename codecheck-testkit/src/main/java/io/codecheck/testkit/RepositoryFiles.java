package io.codecheck.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files of this repository that tests read (docs whose recipes they run, deployment files they check), found from
 * whichever module directory the test runs in; and the fenced blocks of the docs, so that what a page shows is what
 * runs.
 */
public final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** The repository's root: the first directory at or above the working directory that holds {@code .ci/run}. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".ci/run"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a directory with .ci/run) at or above " + start);
    }

    /** {@code relative} under the root, e.g. {@code docs/pgbouncer.md}. */
    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body of the first {@code ```language} block after {@code marker} in {@code text}, up to (not including)
     * its closing fence.
     *
     * @throws IllegalStateException naming the marker when it, or a block after it, is missing
     */
    public static String fencedBlock(String text, String marker, String language) {
        int at = text.indexOf(marker);
        String fence = "```" + language + "\n";
        int open = at < 0 ? -1 : text.indexOf(fence, at);
        if (open < 0) {
            throw new IllegalStateException("no ```" + language + " block after " + marker);
        }
        int start = open + fence.length();
        return text.substring(start, text.indexOf("```", start));
    }
}
