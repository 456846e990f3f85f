package io.codecheck.portability.app.jpa;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /jpa?op=<name>&batch=<b>}: one {@link NoteStore} call, answered as {@link Properties} text with
 * {@code ok} and the values, or {@code ok=false} and the cause chain; always HTTP 200. No adapter class is used, so
 * the WAR needs no access to the adapter's API (no class provider on Liberty, no module dependency on WildFly).
 */
@WebServlet("/jpa")
public class JpaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    NoteStore store;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Properties out = new Properties();
        try {
            run(request.getParameter("op"), request.getParameter("batch"))
                    .forEach((k, v) -> out.setProperty(k, String.valueOf(v)));
            out.setProperty("ok", "true");
        } catch (Throwable t) {
            out.setProperty("ok", "false");
            out.setProperty("chain", chain(t));
        }
        StringWriter text = new StringWriter();
        out.store(text, null);
        response.setContentType("text/plain;charset=ISO-8859-1");
        response.getWriter().write(text.toString());
    }

    private Map<String, ?> run(String op, String batch) throws Exception {
        return switch (op) {
            case "persist" -> Map.of("id", store.persist(batch, 3));
            case "persistThenFail" -> {
                store.persistThenFail(batch);
                yield Map.of();
            }
            case "count" -> Map.of("inTx", store.countInTransaction(batch),
                    "outsideTx", store.countOutsideTransaction(batch));
            case "sessions" -> Map.of("jta", store.jtaSession(), "nonJta", store.nonJtaSession());
            case "platform" -> new LinkedHashMap<>(store.platform());
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    private static String chain(Throwable thrown) {
        List<String> chain = new ArrayList<>();
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 20; depth++) {
            chain.add(t.getClass().getName() + ": " + t.getMessage());
            Throwable next = t.getCause();
            if (next == null && t instanceof EJBException ejb) {
                next = ejb.getCausedByException();
            }
            t = next == t ? null : next;
        }
        return String.join(" <- ", chain);
    }
}
