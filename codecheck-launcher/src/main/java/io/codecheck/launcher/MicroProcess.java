package io.codecheck.launcher;

import io.codecheck.micro.MicroFailure;
import io.codecheck.micro.PayaraMicro;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The sample's Payara Micro, started by the shared driver ({@link PayaraMicro}, module codecheck-micro-driver): no
 * Hazelcast, HTTP on 127.0.0.1 only, remote JMX on 127.0.0.1 only with a login, its root dir, temp dir and log under
 * the launcher's work dir; the RAR and then the WAR deployed by a post-boot command file.
 */
public final class MicroProcess {
    public static final String RAR_NAME = "codecheck-ra";
    public static final String APP_NAME = "codecheck-sample";
    public static final String CONTEXT_ROOT = "codecheck";
    public static final String HEALTH_PATH = "/" + CONTEXT_ROOT + "/api/health";

    /** How long Micro may be up without the health endpoint answering before the deployment counts as failed. */
    private static final Duration DEPLOYED_WITHIN = Duration.ofSeconds(15);

    private final PayaraMicro micro;
    private final int httpPort;

    private MicroProcess(PayaraMicro micro, int httpPort) {
        this.micro = micro;
        this.httpPort = httpPort;
    }

    /**
     * Starts Micro (does not wait for it).
     *
     * @param environment    the complete environment of the child (connection settings included)
     * @param jmxAgent       the agent jar that serves remote JMX with a login ({@link JmxAgentJar})
     * @param jmxCredentials the file of the JMX logins ({@link JmxCredentials})
     */
    static MicroProcess start(LauncherSettings settings, Map<String, String> environment, Path jmxAgent,
                              Path jmxCredentials) {
        Path work = settings.workDir().toAbsolutePath();
        PayaraMicro.Builder builder = PayaraMicro.builder(settings.microJar(), work)
                .port(settings.httpPort())
                // a fresh configuration every start: the post-boot file deploys the current RAR and WAR again
                .rootDir(work.resolve("micro-root"), true)
                .tmpDir(work.resolve("tmp"))
                .logFile(work.resolve("payara-micro.log"), true)
                // remote JMX with a login and two roles, on 127.0.0.1 only (see io.codecheck.launcher.jmx.JmxAgent);
                // the stubs it hands out must name the loopback address too
                .jvmOptions(List.of("-Djava.rmi.server.hostname=127.0.0.1",
                        "-javaagent:" + jmxAgent.toAbsolutePath() + "=" + settings.jmxPort() + ","
                                + jmxCredentials.toAbsolutePath()))
                .preboot(PayaraMicro.HTTP_ON_LOOPBACK_ONLY)
                .postboot(List.of(PayaraMicro.deploy(RAR_NAME, null, settings.rarFile()),
                        PayaraMicro.deploy(APP_NAME, CONTEXT_ROOT, settings.warFile())))
                .environment(Map::clear, environment)
                .pipeInput();
        try {
            return new MicroProcess(builder.start(), settings.httpPort());
        } catch (IOException e) {
            throw new LauncherException("Cannot start Payara Micro in " + work + ": " + e.getMessage(), e);
        }
    }

    public URI healthUri() {
        return URI.create("http://127.0.0.1:" + httpPort + HEALTH_PATH);
    }

    /**
     * Polls the health endpoint until it answers (200 healthy or 503 unhealthy both mean the sample is deployed).
     * Fails early when Micro exits, or when Micro reports it is up but the endpoint stays absent (a failed
     * deployment).
     */
    public HttpResponse<String> awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(healthUri()).timeout(Duration.ofSeconds(15)).GET().build();
        try {
            return micro.awaitDeployed(timeout, DEPLOYED_WITHIN, () -> {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 || response.statusCode() == 503 ? response : null;
            });
        } catch (MicroFailure e) {
            throw new LauncherException(describe(e, timeout), e);
        }
    }

    private String describe(MicroFailure e, Duration timeout) {
        Path log = micro.logFile();
        switch (e.reason()) {
            case EXITED:
                return "Payara Micro exited with code " + micro.process().exitValue() + " before the sample was"
                        + " ready. Its log " + log + " ends with:\n" + EmbeddedDatabase.tail(log, 25);
            case DEPLOY_FAILED:
            case NOT_DEPLOYED:
                return "Payara Micro is up but " + healthUri() + " does not answer: "
                        + (e.reason() == MicroFailure.Reason.DEPLOY_FAILED ? "a deployment failed"
                        : "the RAR or the WAR did not deploy") + ". From its log " + log + ":\n" + e.logExcerpt();
            case INTERRUPTED:
                return "interrupted while waiting for Payara Micro";
            default:
                return "The sample was not ready after " + timeout.toSeconds() + " s (set SAMPLE_STARTUP_TIMEOUT to"
                        + " wait longer)."
                        + " Payara Micro's log " + log + " ends with:\n" + EmbeddedDatabase.tail(log, 25);
        }
    }

    public boolean isAlive() {
        return micro.isAlive();
    }

    public long pid() {
        return micro.pid();
    }

    public Process process() {
        return micro.process();
    }

    public Path logFile() {
        return micro.logFile();
    }

    /**
     * Stops Micro: SIGTERM (its shutdown hook undeploys the application and closes the connection pools), then
     * a forced kill after {@code grace}. Returns the exit code.
     */
    public int stop(Duration grace) {
        return micro.stop(grace);
    }
}
