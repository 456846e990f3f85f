package io.codecheck.portability.app.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One row of {@code jpa_note}, a table of its own (the test creates it over JDBC; no provider DDL). IDENTITY, so
 * that an insert needs nothing but the table and both providers read the generated key back through the adapter.
 */
@Entity
@Table(name = "jpa_note")
public class JpaNote {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String batch;

    @Column(nullable = false)
    private int n;

    protected JpaNote() {
    }

    public JpaNote(String batch, int n) {
        this.batch = batch;
        this.n = n;
    }

    public Long getId() {
        return id;
    }
}
