package conduit.system;

import conduit.support.ApiTestSupport;
import conduit.support.SpecOperations;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing becomes open by accident: every route the service exposes is either an operation of the
 * contract, secured exactly as the contract says, or one of the documentation routes.
 */
@MicronautTest(transactional = false)
class RouteSecurityApiTest extends ApiTestSupport {

    /** Documentation pages, open to everyone by design (ApiDocsController). */
    static final Set<String> DOCS = Set.of("GET /", "GET /openapi.yaml", "GET /openapi.json", "GET /swagger-ui",
            "GET /swagger-ui/{file}");

    /** Operations endpoints (application.yml): only on the management port, which is never published. */
    static final Set<String> OPERATIONS = Set.of("GET /health", "GET /health/{selector}", "GET /prometheus", "GET /jobs",
            "POST /jobs/{id}");

    /**
     * The event WebSocket, described in createEventTicket: open to Micronaut security because its
     * credential is a ticket in the query, which TicketFilter checks before the upgrade (see realtime tests).
     */
    static final Set<String> WEBSOCKETS = Set.of("GET /api/events");

    @Inject
    Router router;

    @Test
    void everyRouteIsADocumentedOperationOrADocsPage() {
        Set<String> expected = new TreeSet<>(DOCS);
        expected.addAll(OPERATIONS);
        expected.addAll(WEBSOCKETS);
        SpecOperations.all().forEach(operation -> expected.add(operation.route()));

        assertEquals(expected, new TreeSet<>(routes().keySet()));
    }

    @Test
    void everyApplicationRouteDeclaresWhoMayCallIt() {
        routes().forEach((route, roles) ->
                assertTrue(OPERATIONS.contains(route) || !roles.isEmpty(), route + " has no @Secured"));
    }

    @Test
    void anonymousCallersReachOnlyDocsAndOperationsTheContractOpens() {
        Map<String, List<String>> routes = routes();
        for (var operation : SpecOperations.all()) {
            List<String> expectedRoles = List.of(operation.anonymousAllowed()
                    ? SecurityRule.IS_ANONYMOUS : SecurityRule.IS_AUTHENTICATED);
            assertEquals(expectedRoles, routes.get(operation.route()), operation.operationId());
        }
        for (String docs : DOCS) {
            assertEquals(List.of(SecurityRule.IS_ANONYMOUS), routes.get(docs), docs);
        }
        for (String socket : WEBSOCKETS) {
            assertEquals(List.of(SecurityRule.IS_ANONYMOUS), routes.get(socket), socket);
        }
    }

    @Test
    void headRequestsAreSecuredLikeTheirGet() {
        router.uriRoutes().filter(route -> route.getHttpMethodName().equals("HEAD")).forEach(head -> {
            String get = "GET " + head.getUriMatchTemplate();
            assertEquals(routes().get(get), List.of(head.getAnnotationMetadata().stringValues(Secured.class)), get);
        });
    }

    /** Method and path (HEAD aside, which mirrors GET) to the roles of its @Secured. */
    private Map<String, List<String>> routes() {
        Map<String, List<String>> routes = new java.util.HashMap<>();
        Map<String, String> targets = new java.util.HashMap<>();
        router.uriRoutes().filter(route -> !route.getHttpMethodName().equals("HEAD")).forEach(route -> {
            String target = route.getTargetMethod().getTargetMethod().toString();
            String previous = targets.putIfAbsent(key(route), target);
            if (previous != null && !previous.equals(target)) {
                throw new AssertionError(key(route) + " is served by two methods: " + previous + " and " + target);
            }
            routes.put(key(route), List.of(route.getAnnotationMetadata().stringValues(Secured.class)));
        });
        return routes;
    }

    private static String key(UriRouteInfo<?, ?> route) {
        return route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString();
    }
}
