package conduit.system;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Whatever goes wrong, the client gets a 4xx in the RealWorld shape and nothing internal. */
@MicronautTest(transactional = false)
class ErrorShapeApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Test
    void answersUnknownRoutesWith404() {
        var response = api.get("/api/no-such-thing", null);

        assertEquals(404, response.status());
        assertEquals(List.of("route not found"), response.errors());
    }

    @Test
    void answersAnUnsupportedMethodWith405() {
        var response = api.send("PATCH", "/api/user", "{}", (String) null);

        assertEquals(405, response.status());
        assertEquals(List.of("method is not allowed"), response.errors());
    }

    @Test
    void answersMalformedJsonWith400WithoutParserInternals() {
        var response = api.post("/api/users", "{\"user\":{\"email\":", null);

        assertEquals(400, response.status());
        assertEquals(List.of("request body is not valid JSON"), response.errors());
    }

    @Test
    void answersAWrongContentTypeWith415() {
        var response = api.send("POST", "/api/users", "user=jake", Map.of("Content-Type", "application/x-www-form-urlencoded"));

        assertEquals(415, response.status());
        assertEquals(List.of("contentType must be application/json"), response.errors());
    }

    @Test
    void answersAMissingBodyWith400() {
        var response = api.post("/api/users/login", null, null);

        assertEquals(400, response.status());
        assertEquals(List.of("request body is missing"), response.errors());
    }

    @Test
    void answersWrongJsonTypesWith4xxNot500() {
        for (String body : List.of("[]", "\"text\"", "{\"user\":\"jake\"}", "{\"user\":{\"email\":[1,2]}}", "null")) {
            var response = api.post("/api/users", body, null);

            assertEquals(4, response.status() / 100, body + " -> " + response.status() + " " + response.body());
            assertFalse(response.body().contains("Exception"), response.body());
            response.errors();
        }
    }
}
