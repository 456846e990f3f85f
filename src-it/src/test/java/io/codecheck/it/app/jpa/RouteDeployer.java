package io.codecheck.it.app.jpa;

import io.codecheck.it.app.OpServlet;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import java.io.File;
import java.util.Collection;
import java.util.Map;

/**
 * Deploys a route WAR into the running Payara Micro ({@code op=deploy&name=...&war=<path>}) and answers whether the
 * application is there afterwards and what the server logged meanwhile (warnings and errors). Through Micro's own API, by reflection: the probe WAR
 * compiles against the Jakarta EE API only, and Payara Micro's flat class path shows its API to applications.
 */
@WebServlet("/routes")
public class RouteDeployer extends OpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected Map<String, ?> run(String op, HttpServletRequest request) throws Exception {
        if (!"deploy".equals(op)) {
            throw new IllegalArgumentException("unknown op " + op);
        }
        String name = param(request, "name");
        File war = new File(param(request, "war"));
        if (!war.isFile()) {
            throw new IllegalArgumentException("no WAR at " + war);
        }
        Object runtime = microRuntime();
        try (LogCapture log = new LogCapture()) {
            // its answer is true even when the deployment failed: the list of applications tells
            runtime.getClass().getMethod("deploy", String.class, String.class, File.class)
                    .invoke(runtime, name, name, war);
            Collection<?> names = (Collection<?>) runtime.getClass().getMethod("getDeployedApplicationNames")
                    .invoke(runtime);
            return Map.of("deployed", names.contains(name), "log", log.text());
        }
    }

    private static Object microRuntime() throws ReflectiveOperationException {
        Class<?> micro = Class.forName("fish.payara.micro.PayaraMicro", true,
                Thread.currentThread().getContextClassLoader());
        Object instance = micro.getMethod("getInstance").invoke(null);
        return micro.getMethod("getRuntime").invoke(instance);
    }
}
