package conduit.contract;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.compare.OpenApiDiffOptions;
import org.openapitools.openapidiff.core.model.BackwardIncompatibleProp;
import org.openapitools.openapidiff.core.model.Changed;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.output.MarkdownRender;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The breaking-change gate: diffs the current contract against the highest release in {@code api-spec/released/}
 * and allows a change that breaks clients only together with a new major version.
 */
final class ContractCompatibility {

    static final Path RELEASED = Path.of("api-spec", "released");
    static final Path CURRENT = Path.of("api-spec", "openapi.yaml");

    private static final Pattern RELEASED_FILE = Pattern.compile("openapi-(\\d+\\.\\d+\\.\\d+)\\.yaml");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    // Both are off by default in openapi-diff. An operationId is a method name in every generated SDK, so renaming
    // one breaks every app that updates its SDK; a larger minLength rejects input that used to be accepted.
    private static final OpenApiDiffOptions OPTIONS = OpenApiDiffOptions.builder()
            .configProperty(BackwardIncompatibleProp.OPERATION_ID_CHANGED.getPropertyName(), "true")
            .configProperty(BackwardIncompatibleProp.REQUEST_MIN_LENGTH_INCREASED.getPropertyName(), "true")
            .build();

    private ContractCompatibility() {
    }

    record Version(int major, int minor, int patch) implements Comparable<Version> {

        private static final Comparator<Version> ORDER = Comparator.comparingInt(Version::major)
                .thenComparingInt(Version::minor)
                .thenComparingInt(Version::patch);

        static Version parse(String text) {
            Matcher matcher = VERSION.matcher(text == null ? "" : text.strip());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("info.version must be MAJOR.MINOR.PATCH, was: " + text);
            }
            return new Version(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3)));
        }

        @Override
        public int compareTo(Version other) {
            return ORDER.compare(this, other);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    record Release(Version version, Path spec) {
    }

    record Verdict(Release release, Version current, ChangedOpenApi diff, List<String> violations) {

        /** Whether openapi-diff found a change that breaks clients of the release, allowed or not. */
        boolean breaking() {
            return diff.isIncompatible();
        }

        boolean allowed() {
            return violations.isEmpty();
        }

        String explanation() {
            if (allowed()) {
                return "the contract " + current + " is a valid successor of the release " + release.version();
            }
            return String.join("\n", violations) + (breaking() ? "\n\nAll changes since the release:\n\n" + markdown() : "");
        }

        String markdown() {
            return new MarkdownRender().render(diff);
        }
    }

    static Verdict check(Path releasedDirectory, Path currentSpec) {
        Release release = lastRelease(releasedDirectory).orElseThrow(() -> new IllegalStateException(
                "no released contract (openapi-<version>.yaml) in " + releasedDirectory.toAbsolutePath()));
        ChangedOpenApi diff = OpenApiCompare.fromFiles(release.spec().toFile(), currentSpec.toFile(), null, OPTIONS);
        Version current = Version.parse(diff.getNewSpecOpenApi().getInfo().getVersion());
        Version releasedAs = Version.parse(diff.getOldSpecOpenApi().getInfo().getVersion());

        List<String> violations = new ArrayList<>();
        if (!releasedAs.equals(release.version())) {
            violations.add(release.spec() + " says info.version " + releasedAs + "; a released file must be an"
                    + " unchanged copy of the contract it is named after.");
        }
        if (current.compareTo(release.version()) < 0) {
            violations.add("info.version " + current + " is lower than the last release " + release.version()
                    + "; versions only go up.");
        }
        if (diff.isIncompatible() && current.major() <= release.version().major()) {
            violations.add("The contract " + current + " breaks clients of the release " + release.version()
                    + ". Undo these changes, or deprecate now and remove in the next major version"
                    + " (see \"API evolution policy\" in api-spec/README.md):\n"
                    + String.join("\n", breakingOperations(diff)));
        }
        return new Verdict(release, current, diff, List.copyOf(violations));
    }

    static Optional<Release> lastRelease(Path releasedDirectory) {
        try (Stream<Path> files = Files.list(releasedDirectory)) {
            return files.map(ContractCompatibility::asRelease)
                    .flatMap(Optional::stream)
                    .max(Comparator.comparing(Release::version));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<Release> asRelease(Path file) {
        Matcher matcher = RELEASED_FILE.matcher(file.getFileName().toString());
        return matcher.matches() ? Optional.of(new Release(Version.parse(matcher.group(1)), file)) : Optional.empty();
    }

    /** One line per operation that breaks, naming the part that breaks, so the failure reads before the details. */
    static List<String> breakingOperations(ChangedOpenApi diff) {
        List<String> lines = new ArrayList<>();
        diff.getMissingEndpoints().forEach(endpoint ->
                lines.add("- " + endpoint.getMethod() + " " + endpoint.getPathUrl() + ": removed"));
        diff.getChangedOperations().stream()
                .filter(Changed::isIncompatible)
                .forEach(operation -> lines.add("- " + operation.getHttpMethod() + " " + operation.getPathUrl() + ": "
                        + String.join(", ", breakingParts(operation))));
        return lines;
    }

    private static List<String> breakingParts(ChangedOperation operation) {
        Map<String, Changed> parts = new LinkedHashMap<>();
        parts.put("operationId", operation.getOperationId());
        parts.put("parameters", operation.getParameters());
        parts.put("request body", operation.getRequestBody());
        parts.put("responses", operation.getApiResponses());
        parts.put("security", operation.getSecurityRequirements());
        List<String> breaking = parts.entrySet().stream()
                .filter(part -> Changed.result(part.getValue()).isIncompatible())
                .map(Map.Entry::getKey)
                .toList();
        return breaking.isEmpty() ? List.of("changed") : breaking;
    }
}
