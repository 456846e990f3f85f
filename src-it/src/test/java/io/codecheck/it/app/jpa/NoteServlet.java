package io.codecheck.it.app.jpa;

import io.codecheck.it.app.OpServlet;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

/** The route WAR's operations, one {@link NoteStore} call each. */
@WebServlet("/notes")
public class NoteServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    NoteStore store;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        return switch (op) {
            case "persist" -> Map.of("id", store.persist(param(request, "batch"),
                    (int) longParam(request, "count")));
            case "persistThenFail" -> {
                store.persistThenFail(param(request, "batch"));
                yield Map.of();
            }
            case "count" -> Map.of("inTx", store.countInTransaction(param(request, "batch")),
                    "outsideTx", store.countOutsideTransaction(param(request, "batch")));
            case "sessions" -> Map.of("jta", store.jtaSession(), "nonJta", store.nonJtaSession());
            case "platform" -> Map.of("platform", store.platform());
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }
}
