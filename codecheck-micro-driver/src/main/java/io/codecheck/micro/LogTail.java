package io.codecheck.micro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The end of a log, for failure messages; a log that cannot be read says why instead of failing. */
public final class LogTail {

    private LogTail() {
    }

    /** The last {@code count} lines of {@code file} (decoded as ISO-8859-1, so any byte reads), joined by newlines. */
    public static String lines(Path file, int count) {
        try {
            return lines(Files.readString(file, StandardCharsets.ISO_8859_1), count);
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The last {@code count} lines of {@code text}. */
    public static String lines(String text, int count) {
        return String.join("\n", lastLines(text, count));
    }

    /** The last {@code count} lines of {@code text}, as a list (a trailing newline ends the last line). */
    public static List<String> lastLines(String text, int count) {
        List<String> all = Arrays.asList(text.split("\\R", -1));
        if (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
            all = all.subList(0, all.size() - 1);
        }
        return all.subList(Math.max(0, all.size() - count), all.size());
    }

    /** The last {@code count} characters of {@code file}. */
    public static String chars(Path file, int count) {
        try {
            String text = Files.readString(file, StandardCharsets.ISO_8859_1);
            return text.substring(Math.max(0, text.length() - count));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
