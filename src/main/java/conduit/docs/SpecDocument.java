package conduit.docs;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The hand-written contract (api-spec/openapi.yaml, copied onto the classpath by the build), served
 * as is and as JSON. Both are read once; their ETags are content hashes.
 */
@Singleton
final class SpecDocument {

    static final String RESOURCE = "api-spec/openapi.yaml";

    private final Representation yaml;
    private final Representation json;

    SpecDocument(JsonMapper jsonMapper) {
        byte[] yamlBytes = read(RESOURCE);
        this.yaml = Representation.of(yamlBytes);
        this.json = Representation.of(toJson(yamlBytes, jsonMapper));
    }

    Representation yaml() {
        return yaml;
    }

    Representation json() {
        return json;
    }

    private static byte[] toJson(byte[] yamlBytes, JsonMapper jsonMapper) {
        Object tree = new Yaml(new StringTimestamps()).load(new String(yamlBytes, StandardCharsets.UTF_8));
        try {
            return jsonMapper.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert " + RESOURCE + " to JSON", e);
        }
    }

    static byte[] read(String resource) {
        try (InputStream in = SpecDocument.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Example timestamps must stay strings in the JSON form, not become YAML dates. */
    private static final class StringTimestamps extends SafeConstructor {

        StringTimestamps() {
            super(new LoaderOptions());
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }
}
