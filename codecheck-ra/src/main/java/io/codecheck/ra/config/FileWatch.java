package io.codecheck.ra.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Tells when files that sessions log in with (the password file, the client certificate and key) got new content: a
 * Kubernetes secret update swaps a symbolic link, a vault agent renames a new file into place. One look is a
 * {@code stat} per file, and a read of those whose modification time, size or identity changed.
 */
public final class FileWatch {
    private final List<Path> files;
    private final Object[] seenAttributes;
    private final String[] seenDigests;

    FileWatch(List<Path> files) {
        this.files = List.copyOf(files);
        this.seenAttributes = new Object[this.files.size()];
        this.seenDigests = new String[this.files.size()];
        changed(); // the first look only records
    }

    /**
     * Whether any file's content differs from the last look; a file that cannot be read counts as changed once.
     * The content is only read when the attributes changed, so a {@code touch} or an identical rewrite (a sidecar
     * rendering the same secret again) replaces no session.
     */
    public synchronized boolean changed() {
        boolean changed = false;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Object attributes = attributes(file);
            if (!Objects.equals(attributes, seenAttributes[i])) {
                String digest = digest(file);
                changed |= seenAttributes[i] != null && !Objects.equals(digest, seenDigests[i]);
                seenAttributes[i] = attributes;
                seenDigests[i] = digest;
            }
        }
        return changed;
    }

    private static Object attributes(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException | RuntimeException e) {
            return "unreadable";
        }
    }

    /** SHA-256 of the content (a password, a certificate, a key: small files); a marker when it cannot be read. */
    private static String digest(Path file) {
        try {
            byte[] content = Files.readAllBytes(file);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return "unreadable";
        }
    }

    @Override
    public String toString() {
        return "FileWatch" + files;
    }
}
