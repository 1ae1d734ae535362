package conduit.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks every response the API tests receive against api-spec/openapi.yaml: a status the operation
 * does not document, a body that breaks its schema, or an error key the operation does not document
 * ({@link ErrorKeys}), fails the test that received it. Requests are
 * not validated (tests send bad requests on purpose), nor are routes outside the contract (/swagger-ui,
 * an unknown path), which the validator reports as request problems.
 */
final class ContractValidator {

    static final Path SPEC = Path.of("api-spec", "openapi.yaml");

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(read(SPEC))
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request", ValidationReport.Level.IGNORE)
                    .build())
            .build();

    private ContractValidator() {
    }

    static void check(String method, String pathAndQuery, int status, Map<String, List<String>> headers, String body) {
        String path = pathAndQuery.split("\\?", 2)[0];
        var response = SimpleResponse.Builder.status(status);
        headers.forEach((name, values) -> response.withHeader(name, values));
        if (!body.isEmpty()) {
            response.withBody(body);
        }
        ValidationReport report = VALIDATOR.validateResponse(path, Request.Method.valueOf(method), response.build());
        List<String> keyProblems = ErrorKeys.problems(method, path, status, body);
        if (report.hasErrors() || !keyProblems.isEmpty()) {
            String problems = java.util.stream.Stream.concat(report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> "  - [" + m.getKey() + "] " + m.getMessage()),
                    keyProblems.stream().map(problem -> "  - [error-keys] " + problem))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError("response violates " + SPEC + ": " + method + " " + pathAndQuery + " -> "
                    + status + "\n" + problems + "\n  body: " + body);
        }
    }

    private static String read(Path spec) {
        try {
            return Files.readString(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("tests run from the project root and read " + spec, e);
        }
    }
}
