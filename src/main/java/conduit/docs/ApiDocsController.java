package conduit.docs;

import conduit.system.Etags;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

import java.net.URI;

/**
 * The live contract and Swagger UI, open to anonymous callers. These routes are documentation, not
 * API operations, so they are the only hand-written routes in the service.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
class ApiDocsController {

    static final MediaType YAML = MediaType.of("application/yaml");
    private static final String REVALIDATE = "no-cache";

    private final SpecDocument spec;
    private final SwaggerUiAssets assets;

    ApiDocsController(SpecDocument spec, SwaggerUiAssets assets) {
        this.spec = spec;
        this.assets = assets;
    }

    @Get("/")
    HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create("/swagger-ui/"));
    }

    @Get(value = "/openapi.yaml", produces = "application/yaml")
    HttpResponse<?> yaml(HttpRequest<?> request) {
        return conditional(request, spec.yaml(), YAML);
    }

    @Get(value = "/openapi.json", produces = MediaType.APPLICATION_JSON)
    HttpResponse<?> json(HttpRequest<?> request) {
        return conditional(request, spec.json(), MediaType.APPLICATION_JSON_TYPE);
    }

    /** Serves /swagger-ui and /swagger-ui/ alike (Micronaut matches both); the page uses absolute asset paths. */
    @Get(value = "/swagger-ui", produces = MediaType.TEXT_HTML)
    HttpResponse<?> swaggerUi(HttpRequest<?> request) {
        return asset(request, "index.html");
    }

    @Get("/swagger-ui/{file}")
    HttpResponse<?> swaggerUiFile(HttpRequest<?> request, @PathVariable String file) {
        return asset(request, file);
    }

    private HttpResponse<?> asset(HttpRequest<?> request, String file) {
        return assets.find(file)
                .<HttpResponse<?>>map(found -> conditional(request, found,
                        MediaType.forFilename(file)))
                .orElseGet(HttpResponse::notFound);
    }

    private static MutableHttpResponse<?> conditional(HttpRequest<?> request, Representation representation,
                                                      MediaType type) {
        boolean unchanged = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH, String.class)
                .map(tags -> Etags.matches(tags, representation.etag()))
                .orElse(false);
        MutableHttpResponse<?> response = unchanged
                ? HttpResponse.notModified()
                : HttpResponse.ok(representation.bytes()).contentType(type);
        return response.header(HttpHeaders.ETAG, representation.etag()).header(HttpHeaders.CACHE_CONTROL, REVALIDATE);
    }
}
