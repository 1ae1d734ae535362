package conduit.support;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;

import java.util.ArrayList;
import java.util.List;

/** The operations api-spec/openapi.yaml declares, read with swagger-parser. */
public final class SpecOperations {

    /**
     * {@code idempotencyKey}: the operation declares the Idempotency-Key header; {@code scope}: its x-scope, what an
     * API token needs to call it.
     */
    public record Operation(String method, String path, String operationId, boolean anonymousAllowed,
                            boolean idempotencyKey, String scope) {

        /** "GET /api/articles/{slug}", the same key a Micronaut route gives. */
        public String route() {
            return method + " " + path;
        }
    }

    private SpecOperations() {
    }

    public static List<Operation> all() {
        OpenAPI spec = new OpenAPIV3Parser().read(ContractValidator.SPEC.toString());
        List<Operation> operations = new ArrayList<>();
        spec.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                operations.add(new Operation(method.name(), path, operation.getOperationId(),
                        anonymousAllowed(operation.getSecurity()), takesIdempotencyKey(spec, operation),
                        String.valueOf(operation.getExtensions() == null ? null : operation.getExtensions().get("x-scope"))))));
        return operations;
    }

    private static boolean takesIdempotencyKey(OpenAPI spec, io.swagger.v3.oas.models.Operation operation) {
        if (operation.getParameters() == null) {
            return false;
        }
        return operation.getParameters().stream()
                .map(parameter -> parameter.get$ref() == null ? parameter : spec.getComponents().getParameters()
                        .get(parameter.get$ref().substring(parameter.get$ref().lastIndexOf('/') + 1)))
                .anyMatch(parameter -> "Idempotency-Key".equals(parameter.getName()) && "header".equals(parameter.getIn()));
    }

    /** Public (security: []) or optional auth (an empty requirement among the alternatives). */
    private static boolean anonymousAllowed(List<SecurityRequirement> security) {
        return security == null || security.isEmpty() || security.stream().anyMatch(SecurityRequirement::isEmpty);
    }
}
