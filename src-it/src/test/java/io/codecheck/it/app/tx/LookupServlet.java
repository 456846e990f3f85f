package io.codecheck.it.app.tx;

import io.codecheck.it.app.OpServlet;
import io.codecheck.ra.api.CodeCheckDataSource;
import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import javax.naming.InitialContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The resources from a servlet: injected by {@code @Resource}, and looked up by JNDI name. */
@WebServlet("/lookup")
public class LookupServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = TxNames.READ_ONLY)
    transient CodeCheckDataSource readOnly;

    @Resource(lookup = TxNames.READ_WRITE)
    transient CodeCheckDataSource readWrite;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        InitialContext jndi = new InitialContext();
        out.put("injected.readOnly", Lookups.identity(readOnly));
        out.put("injected.readWrite", Lookups.identity(readWrite));
        out.put("jndi.readOnly", Lookups.identity((CodeCheckDataSource) jndi.lookup(TxNames.READ_ONLY)));
        out.put("jndi.readWrite", Lookups.identity((CodeCheckDataSource) jndi.lookup(TxNames.READ_WRITE)));
        out.put("jndi.asadmin", Lookups.identity((CodeCheckDataSource) jndi.lookup("java:comp/env/" + TxNames.ASADMIN_REF)));
        out.put("jndi.annotated", Lookups.identity((CodeCheckDataSource) jndi.lookup(TxNames.ANNOTATED)));
        return out;
    }
}
