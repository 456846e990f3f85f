package io.codecheck.sample.notes;

/** What a client sends to add a note. */
public record NewNote(String text) {
}
