package io.codecheck.sample.jurisdiction;

import jakarta.ejb.ApplicationException;

import java.util.List;

/**
 * The request was refused before anything was written. An application exception, so the client gets it as it is
 * (not wrapped in an EJBException) and the bean instance is kept.
 */
@ApplicationException(rollback = true)
public class InvalidJurisdictionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    InvalidJurisdictionException(List<String> problems) {
        super("invalid jurisdiction: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each naming the field. */
    public List<String> problems() {
        return problems;
    }
}
