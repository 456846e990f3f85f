package io.codecheck.portability.app;

import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.DatabaseException;
import io.codecheck.ra.api.HealthStatus;
import io.codecheck.ra.api.PoolStatistics;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@code GET /op?op=<name>&batch=<b>} runs one operation and answers with a {@link Properties} text: {@code ok=true}
 * and the operation's values, or {@code ok=false} with the failure (exception, SQLState, cause chain). Always HTTP
 * 200, so the test sees every outcome the same way. The servlet itself runs without a transaction; the writes go
 * through {@link ItemWriter}. Packaged into the test WAR (runs inside WildFly).
 */
@WebServlet("/op")
public class OpServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = Names.READ_WRITE)
    CodeCheckDataSource readWrite;

    @Resource(lookup = Names.READ_ONLY)
    CodeCheckDataSource readOnly;

    @EJB
    ItemWriter writer;

    @EJB
    ReadOnlyBesideReadWrite mixed;

    @EJB
    SecondLocalResource secondLocal;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            out.put("ok", true);
            out.putAll(run(request.getParameter("op"), request.getParameter("batch")));
        } catch (Throwable t) {
            out.put("ok", false);
            out.putAll(describe(t));
        }
        Properties props = new Properties();
        out.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        StringWriter text = new StringWriter();
        props.store(text, null);
        response.setContentType("text/plain;charset=ISO-8859-1");
        response.getWriter().write(text.toString());
    }

    private Map<String, Object> run(String op, String batch) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (op) {
            case "query" -> {
                out.put("readWrite", readWrite.queryOne("SELECT 1 AS one").orElseThrow().get("one"));
                out.put("readOnly", readOnly.queryOne("SELECT 1 AS one").orElseThrow().get("one"));
                out.put("readWritePool", readWrite.poolName());
                out.put("readOnlyPool", readOnly.poolName());
                out.put("readWriteReadOnlySetting",
                        readWrite.queryOne("SHOW default_transaction_read_only").orElseThrow().values().iterator().next());
                out.put("readOnlyReadOnlySetting",
                        readOnly.queryOne("SHOW default_transaction_read_only").orElseThrow().values().iterator().next());
                out.put("factoryClass", readWrite.getClass().getName());
            }
            case "insert" -> out.put("rows", writer.insert(batch, 1));
            case "insertThenFail" -> writer.insertThenFail(batch);
            case "helperTransaction" -> out.put("results", writer.helperTransaction(batch));
            case "helperTransactionFailing" -> writer.helperTransactionFailing(batch);
            case "backendPids" -> out.put("pids", writer.backendPidsInOneTransaction());
            case "count" -> out.put("count", readOnly.queryOne(
                    "SELECT count(*) AS c FROM wf_item WHERE batch = ?", batch).orElseThrow().get("c"));
            case "readOnlyWrite" -> out.put("rows", readOnly.update(ItemWriter.INSERT, batch, 1));
            case "readThenWrite" -> out.put("readOnlySaw", mixed.readThenWrite(batch));
            case "writeThenReadBothWays" -> {
                long[] seen = mixed.writeThenReadBothWays(batch);
                out.put("readOnlySaw", seen[0]);
                out.put("readWriteSaw", seen[1]);
            }
            case "readWriteThenFail" -> mixed.readWriteThenFail(batch);
            case "writeThenSecondLocal" -> secondLocal.writeThenUseSecondLocal(batch);
            case "secondLocalThenWrite" -> secondLocal.useSecondLocalThenWrite(batch);
            case "health" -> {
                put(out, "readWrite", readWrite.health());
                put(out, "readOnly", readOnly.health());
            }
            case "statistics" -> {
                put(out, "readWrite", readWrite.statistics());
                put(out, "readOnly", readOnly.statistics());
                put(out, "secondLocal", secondLocal.statistics());
            }
            case "mbeans" -> {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                for (String pool : List.of("ReadWrite", "ReadOnly")) {
                    ObjectName name = new ObjectName("io.codecheck:type=ConnectionPool,name=\"" + pool + "\"");
                    boolean registered = server.isRegistered(name);
                    out.put(pool + ".registered", registered);
                    if (registered) {
                        out.put(pool + ".PoolName", server.getAttribute(name, "PoolName"));
                        out.put(pool + ".ReadOnly", server.getAttribute(name, "ReadOnly"));
                        out.put(pool + ".QueriesExecuted", server.getAttribute(name, "QueriesExecuted"));
                    }
                }
                out.put("all", server.queryNames(new ObjectName("io.codecheck:*"), null));
            }
            default -> throw new IllegalArgumentException("unknown op " + op);
        }
        return out;
    }

    private static void put(Map<String, Object> out, String prefix, HealthStatus h) {
        out.put(prefix + ".poolName", h.poolName());
        out.put(prefix + ".status", h.status());
        out.put(prefix + ".serverVersion", h.serverVersion());
        out.put(prefix + ".replica", h.replica());
        out.put(prefix + ".error", h.error());
    }

    private static void put(Map<String, Object> out, String prefix, PoolStatistics s) {
        out.put(prefix + ".poolName", s.poolName());
        out.put(prefix + ".poolSize", s.poolSize());
        out.put(prefix + ".activeConnections", s.activeConnections());
        out.put(prefix + ".queriesExecuted", s.queriesExecuted());
        out.put(prefix + ".transactionsCommitted", s.transactionsCommitted());
        out.put(prefix + ".transactionsRolledBack", s.transactionsRolledBack());
        out.put(prefix + ".errors", s.errors());
        out.put(prefix + ".poolExhaustedCount", s.poolExhaustedCount());
        out.put(prefix + ".connectionsDestroyed", s.connectionsDestroyed());
        out.put(prefix + ".connectionsCreated", s.connectionsCreated());
    }

    /** The first DatabaseException in the cause chain (with its SQLState), and the whole chain. */
    private static Map<String, Object> describe(Throwable thrown) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> chain = new ArrayList<>();
        DatabaseException db = null;
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 20; depth++) {
            chain.add(t.getClass().getName() + ": " + t.getMessage());
            if (db == null && t instanceof DatabaseException d) {
                db = d;
            }
            Throwable next = t.getCause();
            if (next == null && t instanceof EJBException ejb) {
                next = ejb.getCausedByException();
            }
            t = next == t ? null : next;
        }
        Throwable reported = db != null ? db : thrown;
        out.put("exception", reported.getClass().getSimpleName());
        if (db != null && db.getSqlState() != null) {
            out.put("sqlState", db.getSqlState());
        }
        out.put("message", String.valueOf(reported.getMessage()));
        out.put("chain", String.join(" <- ", chain));
        return out;
    }
}
