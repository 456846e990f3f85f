package io.codecheck.it.app.bouncer;

import io.codecheck.it.app.OpServlet;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

@WebServlet("/bouncer")
public class BouncerServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    transient BouncerOps ops;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        switch (op) {
            case "insert":
                ops.insertTwo(param(request, "batch"));
                return Map.of();
            case "insertThenFail":
                ops.insertTwoThenFail(param(request, "batch"));
                return Map.of();
            case "insertThenRollbackOnly":
                ops.insertTwoThenSetRollbackOnly(param(request, "batch"));
                return Map.of();
            case "sleep":
                ops.sleep(Double.parseDouble(param(request, "seconds")));
                return Map.of();
            case "writeThroughReadOnly":
                ops.writeThroughReadOnly(param(request, "batch"));
                return Map.of();
            case "setLocal": {
                String[] seen = ops.setLocalThenShowHereAndInTheNextTransaction();
                return Map.of("here", seen[0], "sameTransaction", seen[1], "nextTransaction", seen[2]);
            }
            case "plainSet":
                ops.plainSet();
                return Map.of();
            default:
                throw new IllegalArgumentException("unknown op " + op);
        }
    }
}
