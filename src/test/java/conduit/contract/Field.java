package conduit.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.models.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A property of a request schema, at any depth ({@code user.email}), and how to set or remove it in a body. */
record Field(List<String> path, Schema<?> schema, boolean required) {

    /** Every property of the schema, outer ones before the ones inside them. */
    static List<Field> all(Schema<?> schema) {
        List<Field> fields = new ArrayList<>();
        collect(schema, List.of(), fields);
        return fields;
    }

    private static void collect(Schema<?> schema, List<String> parent, List<Field> into) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        properties.forEach((name, property) -> {
            List<String> path = new ArrayList<>(parent);
            path.add(name);
            into.add(new Field(List.copyOf(path), property, required.contains(name)));
            collect(property, path, into);
        });
    }

    String name() {
        return String.join(".", path);
    }

    String type() {
        if (schema.getType() != null) {
            return schema.getType();
        }
        return schema.getProperties() != null ? "object" : "string";
    }

    /** The body with this field set to the value; missing parents are created. */
    ObjectNode setIn(ObjectNode body, JsonNode value) {
        parentIn(body).set(path.get(path.size() - 1), value);
        return body;
    }

    ObjectNode removeFrom(ObjectNode body) {
        parentIn(body).remove(path.get(path.size() - 1));
        return body;
    }

    @Nullable
    JsonNode valueIn(ObjectNode body) {
        return parentIn(body).get(path.get(path.size() - 1));
    }

    private ObjectNode parentIn(ObjectNode body) {
        ObjectNode node = body;
        for (String name : path.subList(0, path.size() - 1)) {
            node = node.get(name) instanceof ObjectNode child ? child : node.putObject(name);
        }
        return node;
    }
}
