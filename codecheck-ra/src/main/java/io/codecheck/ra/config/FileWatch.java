package io.codecheck.ra.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * Tells when files that sessions log in with (the password file, the client certificate and key) were replaced or
 * rewritten: their modification time, size or identity (a Kubernetes secret update swaps a symbolic link, a vault
 * agent renames a new file into place) differ from the last look. One look is a {@code stat} per file.
 */
public final class FileWatch {
    private final List<Path> files;
    private final Object[] seen;

    FileWatch(List<Path> files) {
        this.files = List.copyOf(files);
        this.seen = new Object[this.files.size()];
        changed(); // the first look only records
    }

    /** Whether any file differs from the last look; a file that cannot be read counts as changed once. */
    public synchronized boolean changed() {
        boolean changed = false;
        for (int i = 0; i < files.size(); i++) {
            Object now = stamp(files.get(i));
            if (!Objects.equals(now, seen[i])) {
                changed |= seen[i] != null;
                seen[i] = now;
            }
        }
        return changed;
    }

    private static Object stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException | RuntimeException e) {
            return "unreadable";
        }
    }

    @Override
    public String toString() {
        return "FileWatch" + files;
    }
}
