package io.codecheck.it.app.tls;

import io.codecheck.it.app.OpServlet;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

@WebServlet("/tls")
public class TlsServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    transient TlsOps ops;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) {
        return ops.session(param(request, "which"));
    }
}
