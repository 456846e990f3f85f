package io.codecheck.it.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Base of the test WARs' servlets: {@code GET ?op=<name>&...} runs one operation (usually an EJB call) and answers
 * with a {@link Properties} text: {@code ok=true} and the operation's values, or {@code ok=false} and the failure
 * as {@link Failures#describe} reports it. Always HTTP 200, so the test JVM sees every outcome the same way.
 * Packaged into the test WARs (runs inside Payara Micro).
 */
public abstract class OpServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Runs {@code op}; the returned values are sent as they are ({@code String.valueOf}). */
    protected abstract Map<String, ?> run(String op, HttpServletRequest request) throws Exception;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String op = request.getParameter("op");
        Map<String, Object> out = new LinkedHashMap<>();
        long start = System.nanoTime();
        try {
            Map<String, ?> values = run(op, request);
            out.put("ok", true);
            if (values != null) {
                out.putAll(values);
            }
        } catch (Throwable t) {
            out.put("ok", false);
            out.putAll(describe(t));
        }
        out.put("elapsedMs", (System.nanoTime() - start) / 1_000_000);
        Properties props = new Properties();
        out.forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        StringWriter text = new StringWriter();
        props.store(text, null);
        response.setContentType("text/plain;charset=ISO-8859-1");
        response.getWriter().write(text.toString());
    }

    /** How a failure is reported; {@link Failures#describe} (which needs the adapter's classes) by default. */
    protected Map<String, Object> describe(Throwable t) {
        return Failures.describe(t);
    }

    protected static String param(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null) {
            throw new IllegalArgumentException("parameter " + name + " missing");
        }
        return value;
    }

    protected static long longParam(HttpServletRequest request, String name) {
        return Long.parseLong(param(request, name));
    }
}
