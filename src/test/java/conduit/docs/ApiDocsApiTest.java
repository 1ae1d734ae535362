package conduit.docs;

import conduit.support.Api;
import conduit.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Third parties learn the API from what these routes serve, without a token. */
@MicronautTest(transactional = false)
class ApiDocsApiTest extends ApiTestSupport {

    @Inject
    Api api;

    @Test
    void servesTheHandWrittenSpecAsYamlWithAnEtag() throws Exception {
        var response = api.get("/openapi.yaml", null);

        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").orElse("").startsWith("application/yaml"));
        assertEquals(Files.readString(Path.of("api-spec", "openapi.yaml")), response.body(), "the spec is served as written");
        assertTrue(response.header("ETag").orElse("").matches("\"[0-9a-f]{32}\""), response.headers().toString());
    }

    @Test
    void servesTheSameSpecAsJson() {
        var response = api.get("/openapi.json", null);

        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").orElse("").startsWith("application/json"));
        var spec = response.json();
        assertEquals("3.0.3", spec.get("openapi").getStringValue());
        assertEquals("Conduit API", spec.get("info").get("title").getStringValue());
        assertEquals("2016-02-18T03:22:56.637Z", spec.get("components").get("examples").get("SingleArticleResponseExample")
                .get("value").get("article").get("createdAt").getStringValue(), "example timestamps stay strings");
        assertNotEquals(api.get("/openapi.yaml", null).header("ETag"), response.header("ETag"));
    }

    @Test
    void answersAConditionalRequestForAnUnchangedSpecWith304() {
        String etag = api.get("/openapi.yaml", null).header("ETag").orElseThrow();

        var response = api.send("GET", "/openapi.yaml", null, Map.of("If-None-Match", etag));

        assertEquals(304, response.status());
        assertEquals("", response.body());
        assertEquals(etag, response.header("ETag").orElse(null));
    }

    @Test
    void servesSwaggerUiPointingAtTheLiveSpec() {
        var page = api.get("/swagger-ui", null);
        var initializer = api.get("/swagger-ui/conduit-initializer.js", null);
        var bundle = api.get("/swagger-ui/swagger-ui-bundle.js", null);

        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/swagger-ui/conduit-initializer.js"));
        assertEquals(200, initializer.status());
        assertTrue(initializer.body().contains("url: '/openapi.yaml'"));
        assertEquals(200, bundle.status());
        assertTrue(bundle.body().length() > 100_000, "the Swagger UI bundle from the webjar");
    }

    @Test
    void redirectsTheRootToSwaggerUi() {
        var response = api.get("/", null);

        assertEquals(303, response.status());
        assertEquals("/swagger-ui/", response.header("Location").orElse(null));
    }

    @Test
    void servesNothingOutsideTheSwaggerUiFiles() {
        assertEquals(404, api.get("/swagger-ui/..%2Fapplication.yml", null).status());
        assertEquals(404, api.get("/swagger-ui/no-such-file.js", null).status());
    }
}
