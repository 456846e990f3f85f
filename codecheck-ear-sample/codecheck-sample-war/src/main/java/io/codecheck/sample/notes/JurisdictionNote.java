package io.codecheck.sample.notes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A row of jurisdiction_note (migration V3): the sample's one JPA entity. */
@Entity
@Table(name = "jurisdiction_note")
public class JurisdictionNote {

    /** GENERATED ALWAYS AS IDENTITY: never in the INSERT, read back by EclipseLink's PostgreSQL platform. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "jurisdiction_id", nullable = false, updatable = false)
    private String jurisdictionId;

    @Column(nullable = false, updatable = false)
    private String body;

    /** The database's now() at insert; read back by a refresh. */
    @Column(name = "created_at", insertable = false, updatable = false)
    private OffsetDateTime createdAt;

    protected JurisdictionNote() {
    }

    JurisdictionNote(String jurisdictionId, String body) {
        this.jurisdictionId = jurisdictionId;
        this.body = body;
    }

    NoteView view() {
        return new NoteView(id, jurisdictionId, body, createdAt);
    }
}
