package io.codecheck.it.app.xa;

import io.codecheck.it.app.OpServlet;
import io.codecheck.ra.api.CodeCheckDataSource;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.UserTransaction;

import java.util.Map;

import javax.naming.InitialContext;

/**
 * One JTA transaction over the two XA resources: {@code op=commit}, {@code op=rollback}, or one that ends the JVM
 * at prepare ({@code op=halt-in-prepare}) or commit ({@code op=halt-in-commit}); {@code op=ping} for readiness.
 */
@WebServlet("/xa")
public class XaServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = XaNames.FIRST)
    CodeCheckDataSource first;

    @Resource(lookup = XaNames.SECOND)
    CodeCheckDataSource second;

    @Resource
    UserTransaction transaction;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        if ("ping".equals(op)) {
            return Map.of("pong", true);
        }
        String id = param(request, "id");
        transaction.begin();
        try {
            if ("halt-in-commit".equals(op)) {
                enlist(new HaltingXaResource(HaltingXaResource.When.COMMIT)); // first: committed before ours
            }
            first.update("INSERT INTO " + XaNames.TABLE + " (id) VALUES (?)", id);
            second.update("INSERT INTO " + XaNames.TABLE + " (id) VALUES (?)", id);
            if ("halt-in-prepare".equals(op)) {
                enlist(new HaltingXaResource(HaltingXaResource.When.PREPARE)); // last: prepared after ours
            }
        } catch (Exception e) {
            transaction.rollback();
            throw e;
        }
        if ("rollback".equals(op)) {
            transaction.rollback();
        } else {
            transaction.commit();
        }
        return Map.of("id", id);
    }

    private static void enlist(HaltingXaResource resource) throws Exception {
        TransactionManager tm = (TransactionManager) new InitialContext().lookup("java:appserver/TransactionManager");
        if (!tm.getTransaction().enlistResource(resource)) {
            throw new IllegalStateException("the transaction manager refused the halting branch");
        }
    }
}
