package conduit.support;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;

import java.util.stream.Collectors;

/**
 * Checks messages that travel outside HTTP responses (WebSocket frames) against a schema of
 * api-spec/openapi.yaml, as {@link ContractValidator} does for responses.
 */
public final class MessageValidator {

    private static final SchemaValidator VALIDATOR = new SchemaValidator(
            new OpenAPIV3Parser().read(ContractValidator.SPEC.toString()), new MessageResolver());

    private MessageValidator() {
    }

    /** Fails unless {@code json} is valid against {@code #/components/schemas/<schema>}. */
    public static void check(String schema, String json) {
        ValidationReport report = VALIDATOR.validate(json, new Schema<>().$ref("#/components/schemas/" + schema), schema);
        if (report.hasErrors()) {
            String problems = report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> "  - [" + m.getKey() + "] " + m.getMessage())
                    .collect(Collectors.joining("\n"));
            throw new AssertionError("message violates " + ContractValidator.SPEC + " schema " + schema + "\n"
                    + problems + "\n  message: " + json);
        }
    }
}
