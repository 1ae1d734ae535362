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
        assertTrue(readiness.body().contains("\"jdbc\""), "readiness includes the database: " + readiness.body());
        assertTrue(readiness.body().contains("\"gracefulShutdown\""), "and turns DOWN during shutdown");
        assertEquals(200, liveness.statusCode());
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
