package conduit.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import conduit.support.SpecOperations;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An operation of api-spec/openapi.yaml as the sweep needs it: swagger-parser's model of it (every
 * $ref resolved), the token of the caller the fixtures set up, and a supplier of fresh valid bodies.
 */
record SweptOperation(SpecOperations.Operation id, Operation model, String token,
                      @Nullable Supplier<ObjectNode> validBody) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The spec with every $ref inlined, so schemas and parameters can be walked directly. */
    static OpenAPI readSpec() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        return new OpenAPIV3Parser().read("api-spec/openapi.yaml", null, options);
    }

    static Operation modelOf(OpenAPI spec, SpecOperations.Operation id) {
        return spec.getPaths().get(id.path()).readOperationsMap().get(PathItem.HttpMethod.valueOf(id.method()));
    }

    List<Parameter> parameters(String in) {
        return model.getParameters() == null ? List.of()
                : model.getParameters().stream().filter(p -> in.equals(p.getIn())).toList();
    }

    Optional<Schema<?>> bodySchema() {
        return json(model).map(MediaType::getSchema);
    }

    /** The first request example in the spec: every operation with a body documents at least one. */
    static Optional<ObjectNode> bodyExample(SpecOperations.Operation id, Operation model) {
        return json(model).map(media -> {
            Object value = media.getExample() != null ? media.getExample()
                    : media.getExamples() == null || media.getExamples().isEmpty() ? null
                    : media.getExamples().values().iterator().next().getValue();
            if (value == null) {
                throw new AssertionError(id.route() + " documents no request example for the sweep to start from");
            }
            return (ObjectNode) JSON.valueToTree(value);
        });
    }

    boolean requiresToken() {
        return !id.anonymousAllowed();
    }

    /** A status the operation documents (Api checks this for every answer too; raw probes bypass it). */
    boolean documents(int status) {
        return model.getResponses().containsKey(Integer.toString(status)) || model.getResponses().containsKey("default");
    }

    @Nullable
    Supplier<byte[]> validBytes() {
        return validBody == null ? null : () -> bytes(validBody.get());
    }

    static byte[] bytes(Object json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Object json) {
        return new String(bytes(json), StandardCharsets.UTF_8);
    }

    private static Optional<MediaType> json(Operation model) {
        if (model.getRequestBody() == null || model.getRequestBody().getContent() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(model.getRequestBody().getContent().get("application/json"));
    }
}
