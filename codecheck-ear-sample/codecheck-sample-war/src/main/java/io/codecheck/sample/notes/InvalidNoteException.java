package io.codecheck.sample.notes;

import jakarta.ejb.ApplicationException;

/** The note was refused before anything was written; the message names the problem. */
@ApplicationException(rollback = true)
public class InvalidNoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidNoteException(String message) {
        super(message);
    }
}
