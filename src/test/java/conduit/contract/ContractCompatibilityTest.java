package conduit.contract;

import conduit.contract.ContractCompatibility.Verdict;
import conduit.contract.ContractCompatibility.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate on the real contract, and the gate itself on edited copies of the contract. */
class ContractCompatibilityTest {

    @TempDir
    Path dir;

    @Test
    void currentSpecIsCompatibleWithTheLastRelease() {
        Verdict verdict = ContractCompatibility.check(ContractCompatibility.RELEASED, ContractCompatibility.CURRENT);

        assertTrue(verdict.allowed(), verdict::explanation);
    }

    @Test
    void reportsARemovedOperationAsBreaking() throws IOException {
        release("1.0.0");
        Path current = current("1.0.0", spec -> at(spec, "paths", "/api/profiles/{username}/follow").remove("delete"));

        Verdict verdict = check(current);

        assertTrue(verdict.breaking(), verdict::markdown);
        assertFalse(verdict.allowed());
        assertTrue(verdict.explanation().contains("- DELETE /api/profiles/{username}/follow: removed"), verdict.explanation());
    }

    @Test
    void reportsARemovedResponsePropertyAsBreaking() throws IOException {
        release("1.0.0");
        Path current = current("1.0.0", spec -> {
            Map<String, Object> profile = at(spec, "components", "schemas", "Profile");
            at(profile, "properties").remove("following");
            list(profile, "required").remove("following");
        });

        Verdict verdict = check(current);

        assertTrue(verdict.breaking(), verdict::markdown);
        assertFalse(verdict.allowed());
        assertTrue(verdict.explanation().contains("- GET /api/profiles/{username}: responses"), verdict.explanation());
        assertTrue(verdict.explanation().contains("Deleted property `following`"), verdict.explanation());
    }

    @Test
    void reportsAnOptionalRequestFieldMadeRequiredAsBreaking() throws IOException {
        release("1.0.0");
        Path current = current("1.0.0", spec -> list(at(spec, "components", "schemas", "NewArticle"), "required").add("tagList"));

        Verdict verdict = check(current);

        assertTrue(verdict.breaking(), verdict::markdown);
        assertFalse(verdict.allowed());
        assertTrue(verdict.explanation().contains("- POST /api/articles: request body"), verdict.explanation());
    }

    @Test
    void reportsARenamedOperationIdAsBreakingBecauseItRenamesTheSdkMethod() throws IOException {
        release("1.0.0");
        Path current = current("1.0.0", spec -> at(spec, "paths", "/api/tags", "get").put("operationId", "listTags"));

        Verdict verdict = check(current);

        assertFalse(verdict.allowed(), verdict::explanation);
        assertTrue(verdict.explanation().contains("- GET /api/tags: operationId"), verdict.explanation());
    }

    @Test
    void acceptsANewOptionalResponseProperty() throws IOException {
        release("1.0.0");
        Path current = current("1.1.0", spec -> at(spec, "components", "schemas", "Article", "properties")
                .put("readingMinutes", Map.of("type", "integer", "format", "int32")));

        Verdict verdict = check(current);

        assertFalse(verdict.diff().isUnchanged(), "the edit must show up in the diff");
        assertFalse(verdict.breaking(), verdict::markdown);
        assertTrue(verdict.allowed(), verdict::explanation);
    }

    @Test
    void acceptsANewOperation() throws IOException {
        release("1.0.0");
        Path current = current("1.1.0", spec -> at(spec, "paths").put("/api/profiles/{username}/followers", Map.of("get", Map.of(
                "tags", List.of("Profiles"),
                "operationId", "getProfileFollowers",
                "summary", "List who follows a user",
                "description", "The profiles of the users who follow this user.",
                "security", List.of(),
                "parameters", List.of(Map.of("$ref", "#/components/parameters/username")),
                "responses", Map.of("200", Map.of("description", "The followers.", "content", Map.of("application/json",
                        Map.of("schema", Map.of("type", "array", "items", Map.of("$ref", "#/components/schemas/Profile"))))))))));

        Verdict verdict = check(current);

        assertEquals(1, verdict.diff().getNewEndpoints().size(), "the edit must show up in the diff");
        assertFalse(verdict.breaking(), verdict::markdown);
        assertTrue(verdict.allowed(), verdict::explanation);
    }

    @Test
    void allowsABreakingChangeWithAMajorVersionBump() throws IOException {
        release("1.0.0");
        Path current = current("2.0.0", spec -> at(spec, "paths", "/api/profiles/{username}/follow").remove("delete"));

        Verdict verdict = check(current);

        assertTrue(verdict.breaking(), verdict::markdown);
        assertTrue(verdict.allowed(), verdict::explanation);
    }

    @Test
    void rejectsABreakingChangeWithOnlyAMinorVersionBump() throws IOException {
        release("1.0.0");
        Path current = current("1.1.0", spec -> at(spec, "paths", "/api/profiles/{username}/follow").remove("delete"));

        Verdict verdict = check(current);

        assertTrue(verdict.breaking(), verdict::markdown);
        assertFalse(verdict.allowed(), verdict::explanation);
    }

    @Test
    void rejectsAVersionLowerThanTheLastRelease() throws IOException {
        release("1.2.0");
        Path current = current("1.1.9", spec -> { });

        Verdict verdict = check(current);

        assertFalse(verdict.breaking(), verdict::markdown);
        assertFalse(verdict.allowed());
        assertTrue(verdict.explanation().contains("info.version 1.1.9 is lower than the last release 1.2.0"), verdict.explanation());
    }

    @Test
    void comparesReleasesNumericallyNotAsText() throws IOException {
        release("1.9.0");
        release("1.10.0");
        Path current = current("1.9.5", spec -> { });

        Verdict verdict = check(current);

        assertEquals(new Version(1, 10, 0), verdict.release().version());
        assertFalse(verdict.allowed(), "1.9.5 comes before the release 1.10.0");
    }

    @Test
    void rejectsAReleasedFileThatIsNotTheVersionItIsNamedAfter() throws IOException {
        Path released = release("1.0.0");
        Files.move(released, released.resolveSibling("openapi-1.1.0.yaml"));
        Path current = current("1.1.0", spec -> { });

        Verdict verdict = check(current);

        assertFalse(verdict.allowed());
        assertTrue(verdict.explanation().contains("says info.version 1.0.0"), verdict.explanation());
    }

    @Test
    void refusesToPassWithoutAnyRelease() throws IOException {
        Files.createDirectories(dir.resolve("released"));
        Files.writeString(dir.resolve("released/notes.txt"), "not a release");
        Path current = current("1.0.0", spec -> { });

        assertThrows(IllegalStateException.class, () -> check(current));
    }

    private Verdict check(Path current) {
        return ContractCompatibility.check(dir.resolve("released"), current);
    }

    private Path release(String version) throws IOException {
        Files.createDirectories(dir.resolve("released"));
        return write(dir.resolve("released/openapi-" + version + ".yaml"), version, spec -> { });
    }

    private Path current(String version, Consumer<Map<String, Object>> edit) throws IOException {
        return write(dir.resolve("openapi.yaml"), version, edit);
    }

    /** A copy of the real contract with {@code info.version} set and one edit applied. */
    private static Path write(Path file, String version, Consumer<Map<String, Object>> edit) throws IOException {
        Map<String, Object> spec = new Yaml().load(Files.readString(ContractCompatibility.CURRENT));
        at(spec, "info").put("version", version);
        edit.accept(spec);
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Files.writeString(file, new Yaml(block).dump(spec));
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> node, String... keys) {
        Map<String, Object> current = node;
        for (String key : keys) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> node, String key) {
        return (List<Object>) node.computeIfAbsent(key, missing -> new ArrayList<>());
    }
}
