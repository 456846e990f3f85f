package io.codecheck.sample.notes;

import java.time.OffsetDateTime;

/** A stored note as the API shows it. */
public record NoteView(long id, String jurisdictionId, String text, OffsetDateTime createdAt) {
}
