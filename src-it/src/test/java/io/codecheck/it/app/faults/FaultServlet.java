package io.codecheck.it.app.faults;

import io.codecheck.it.app.Failures;
import io.codecheck.it.app.OpServlet;
import io.codecheck.ra.api.CodeCheckDataSource;
import io.codecheck.ra.api.PoolStatistics;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

@WebServlet("/faults")
public class FaultServlet extends OpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    transient FaultOps ops;

    @Resource(lookup = FaultNames.DIRECT)
    transient CodeCheckDataSource direct;

    @Resource(lookup = FaultNames.PROXIED)
    transient CodeCheckDataSource proxied;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        switch (op) {
            case "query":
                return Map.of("value", ops.query());
            case "pid":
                return Map.of("pid", ops.backendPid());
            case "sleep":
                ops.sleepOnServer(Double.parseDouble(param(request, "seconds")));
                return Map.of();
            case "idle": {
                AtomicInteger pid = new AtomicInteger();
                Map<String, Object> out = new LinkedHashMap<>();
                try {
                    ops.idleInTransaction(longParam(request, "millis"), pid);
                    out.put("idleOutcome", "ok");
                } catch (RuntimeException e) {
                    Failures.describe(e).forEach((k, v) -> out.put("idle." + k, v));
                }
                out.put("pid", pid.get());
                return out;
            }
            case "proxied":
                return Map.of("pid", ops.proxiedQuery());
            case "stats":
                return stats("direct".equals(request.getParameter("pool")) ? direct : proxied);
            default:
                throw new IllegalArgumentException("unknown op " + op);
        }
    }

    static Map<String, Object> stats(CodeCheckDataSource ds) {
        PoolStatistics s = ds.statistics();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("poolName", s.poolName());
        out.put("poolSize", s.poolSize());
        out.put("active", s.activeConnections());
        out.put("created", s.connectionsCreated());
        out.put("destroyed", s.connectionsDestroyed());
        out.put("validationFailures", s.validationFailures());
        out.put("errors", s.errors());
        out.put("exhausted", s.poolExhaustedCount());
        return out;
    }
}
