package io.codecheck.it.app.replicas;

import io.codecheck.it.app.OpServlet;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

@WebServlet("/replicas")
public class ReplicaServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    transient ReplicaOps ops;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        boolean rw = "rw".equals(request.getParameter("resource"));
        return switch (op) {
            case "health" -> ops.health(rw);
            case "sessions" -> Map.of("sessions", ops.sessions(rw, Integer.parseInt(param(request, "count"))));
            case "write" -> ops.write(param(request, "batch"));
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }
}
