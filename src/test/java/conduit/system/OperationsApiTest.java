package conduit.system;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators rely on: probes and metrics on the management port, request ids on every response. */
@MicronautTest(transactional = false)
class OperationsApiTest extends ApiTestSupport {

    @Inject
    Api api;


    @Value("${endpoints.all.port}")
    int managementPort;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void readinessChecksTheDatabaseAndLivenessAnswers() throws Exception {
        var readiness = management("/health/readiness");
        var liveness = management("/health/liveness");

        assertEquals(200, readiness.statusCode());
        assertTrue(readiness.body().contains("\"status\":\"UP\""));
        assertEquals(200, liveness.statusCode());
        for (var health : List.of(readiness, liveness, management("/health"))) {
            assertFalse(health.body().contains("jdbc:") || health.body().contains("PostgreSQL")
                    || health.body().contains("127.0.0.1"), "no connection details: " + health.body());
        }
    }

    @Test
    void exposesPrometheusMetricsWithPerRouteLatencyHistogramsAndPoolUsage() throws Exception {
        api.get("/api/tags", null);

        String metrics = management("/prometheus").body();

        assertTrue(metrics.contains("http_server_requests_seconds_bucket{exception=\"none\",method=\"GET\""),
                "latency histogram buckets");
        assertTrue(metrics.contains("uri=\"/api/tags\""), "labelled by route template");
        assertTrue(metrics.contains("hikaricp_connections_active"), "connection pool usage");
        assertTrue(metrics.contains("conduit_jobs{state=\"queued\"}"), "job queue depth");
        assertTrue(metrics.contains("conduit_jobs{state=\"dead\"}"), "dead jobs");
        assertTrue(metrics.contains("conduit_jobs_oldest_due_seconds"), "how long the oldest due job has waited");
    }

    /**
     * The operations port has no authentication, so by default it listens on 127.0.0.1 alone. 127.0.0.2 is this
     * machine too, but a socket bound to 127.0.0.1 does not answer there, while the API (all interfaces) does.
     */
    @Test
    void theOperationsPortListensOnLoopbackOnlyAndTheApiEverywhere() throws Exception {
        assertTrue(connects("127.0.0.1", managementPort), "operators reach it locally");
        assertFalse(connects("127.0.0.2", managementPort), "nothing but 127.0.0.1 reaches the operations port");
        assertTrue(connects("127.0.0.2", api.port()), "the API answers on every address");
    }

    private static boolean connects(String host, int port) {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 2000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void keepsHealthAndMetricsOffThePublicPort() {
        for (String path : List.of("/health", "/health/readiness", "/prometheus", "/jobs")) {
            assertEquals(404, api.get(path, null).status(), path);
        }
        assertEquals(404, api.post("/jobs/1", null, null).status(), "retrying jobs is for operators only");
    }

    @Test
    void givesEveryResponseARequestIdAndIgnoresOneFromAnUntrustedClient() {
        var plain = api.get("/api/tags", null);
        var forged = api.send("GET", "/api/tags", null, Map.of("X-Request-Id", "forged-by-client"));
        var failed = api.get("/api/no-such-route", null);

        assertTrue(plain.header("X-Request-Id").orElse("").matches("[0-9a-f-]{36}"), plain.headers().toString());
        assertNotEquals("forged-by-client", forged.header("X-Request-Id").orElse(null));
        assertTrue(failed.header("X-Request-Id").isPresent(), "errors carry one too");
    }

    private HttpResponse<String> management(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
