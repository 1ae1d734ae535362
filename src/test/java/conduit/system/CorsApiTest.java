package conduit.system;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A RealWorld frontend on localhost:3000 (the default allowed origin) calls us from the browser. */
@MicronautTest(transactional = false)
class CorsApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Test
    void answersPreflightsFromAnAllowedOriginForEveryMethodWithAuthAndJson() {
        Map<String, String> routes = Map.of("GET", "/api/user", "PUT", "/api/user",
                "POST", "/api/users", "DELETE", "/api/profiles/someone/follow");
        routes.forEach((method, path) -> {
            var response = api.send("OPTIONS", path, null, Map.of(
                    "Origin", "http://localhost:3000",
                    "Access-Control-Request-Method", method,
                    "Access-Control-Request-Headers", "authorization,content-type"));

            assertEquals(200, response.status(), method);
            assertEquals("http://localhost:3000", response.header("Access-Control-Allow-Origin").orElse(null));
            assertTrue(response.headers().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Access-Control-Allow-Headers"))
                    .flatMap(e -> e.getValue().stream())
                    .map(String::toLowerCase)
                    .toList().containsAll(java.util.List.of("authorization", "content-type")), response.headers().toString());
            assertTrue(response.header("Access-Control-Max-Age").isPresent(), "browsers may cache the preflight");
        });
    }

    @Test
    void addsTheAllowOriginHeaderToActualResponses() {
        var response = api.send("GET", "/api/tags", null, Map.of("Origin", "http://127.0.0.1:3000"));

        assertEquals(200, response.status());
        assertEquals("http://127.0.0.1:3000", response.header("Access-Control-Allow-Origin").orElse(null));
    }

    @Test
    void refusesPreflightsFromOtherOrigins() {
        var response = api.send("OPTIONS", "/api/user", null, Map.of(
                "Origin", "https://evil.example",
                "Access-Control-Request-Method", "PUT"));

        assertEquals(403, response.status(), response.body());
        assertEquals(java.util.Set.of("origin"), response.errorMap().keySet());
        assertTrue(response.header("Access-Control-Allow-Origin").isEmpty());
    }
}
