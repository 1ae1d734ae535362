package conduit.system;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile input is refused early and cheaply, in the usual error shape, never with a 5xx. */
@MicronautTest(transactional = false)
class HardeningApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Test
    void refusesATenMegabyteBodyWith413() {
        String huge = "{\"user\":{\"email\":\"" + "a".repeat(10 * 1024 * 1024) + "\",\"password\":\"x\"}}";

        var response = api.post("/api/users/login", huge, null);

        assertEquals(413, response.status());
        assertEquals(List.of("request body is too large"), response.errors());
    }

    @Test
    void refusesDeeplyNestedJsonWith400() {
        String deep = "{\"user\":{\"extra\":" + "{\"a\":".repeat(200) + "1" + "}".repeat(200) + "}}";

        var response = api.post("/api/users/login", deep, null);

        assertEquals(400, response.status());
        assertEquals(List.of("request body is nested deeper than 32 levels"), response.errors());
    }

    @Test
    void sendsSecurityHeadersAndNoServerBanner() {
        for (String path : List.of("/api/tags", "/api/no-such-route", "/swagger-ui")) {
            var response = api.get(path, null);

            assertEquals("nosniff", response.header("X-Content-Type-Options").orElse(null), path);
            assertEquals("no-referrer", response.header("Referrer-Policy").orElse(null), path);
            assertEquals("DENY", response.header("X-Frame-Options").orElse(null), path);
            assertTrue(response.header("Server").isEmpty(), path + " announces its server");
        }
        assertEquals("default-src 'none'; frame-ancestors 'none'",
                api.get("/api/tags", null).header("Content-Security-Policy").orElse(null));
        assertTrue(api.get("/api/tags", null).header("Strict-Transport-Security").isEmpty(), "HSTS is off unless configured");
    }
}
