package io.codecheck.it.app.shutdown;

import io.codecheck.it.app.OpServlet;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

@WebServlet("/victim")
public class VictimServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    transient VictimOps ops;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        ops.warm();
        return Map.of();
    }
}
