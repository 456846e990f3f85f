package io.codecheck.it.app.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of {@value JpaNames#TABLE}; IDENTITY so that an insert needs nothing but the table. */
@Entity
@Table(name = JpaNames.TABLE)
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
