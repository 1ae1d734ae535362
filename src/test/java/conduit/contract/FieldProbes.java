package conduit.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import conduit.contract.Probe.Expected;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static conduit.contract.Probe.Expected.NO_SERVER_ERROR;
import static conduit.contract.Probe.Expected.REJECTED;
import static conduit.contract.Probe.Expected.SUCCESS;

/**
 * Bad values for one field of a request body, chosen by the field's schema type: missing, null, every
 * other JSON type, nested far too deep, and for strings and lists, sizes and characters that a database
 * or a parser may choke on. Scalars of the wrong scalar type may be coerced ("12345" for 12345), so
 * only containers where a scalar belongs, and anything missing that is required, must be refused.
 */
final class FieldProbes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FieldProbes() {
    }

    static List<Probe> of(Probe valid, Supplier<ObjectNode> base, Field field) {
        String name = "field " + field.name() + ": ";
        String type = field.type();
        boolean scalar = List.of("string", "integer", "number", "boolean").contains(type);
        boolean object = type.equals("object");
        // Strings and booleans take only their own JSON type (no "true" for true, no "5" for 5); numbers may come
        // as strings, and containers where a scalar belongs are always refused.
        boolean strict = type.equals("string") || type.equals("boolean");
        Expected scalarInstead = object || strict ? REJECTED : NO_SERVER_ERROR;
        List<Probe> probes = new ArrayList<>();
        if (field.required()) {
            probes.add(valid.withBody(() -> SweptOperation.bytes(field.removeFrom(base.get()))).as(name + "missing", REJECTED));
        }
        probes.add(set(valid, base, field, NODES::nullNode).as(name + "null", field.required() ? REJECTED : NO_SERVER_ERROR));
        if (!type.equals("string")) {
            probes.add(set(valid, base, field, () -> NODES.textNode("text")).as(name + "a string", scalar ? REJECTED : scalarInstead));
        }
        if (!type.equals("integer") && !type.equals("number")) {
            probes.add(set(valid, base, field, () -> NODES.numberNode(12345)).as(name + "a number", scalarInstead));
            probes.add(set(valid, base, field, () -> NODES.numberNode(new BigInteger("9".repeat(1000))))
                    .as(name + "a 1000-digit number", scalarInstead));
        }
        if (!type.equals("boolean")) {
            probes.add(set(valid, base, field, () -> NODES.booleanNode(true)).as(name + "a boolean", scalarInstead));
        }
        if (!type.equals("array")) {
            probes.add(set(valid, base, field, () -> NODES.arrayNode().add(1).add("a")).as(name + "an array", REJECTED));
        }
        if (object) {
            boolean hasRequired = field.schema().getRequired() != null && !field.schema().getRequired().isEmpty();
            probes.add(set(valid, base, field, () -> nested(20))
                    .as(name + "only an unknown field, 20 levels deep", hasRequired ? REJECTED : NO_SERVER_ERROR));
            probes.add(valid.withBody(() -> {
                ObjectNode body = base.get();
                ObjectNode value = field.valueIn(body) instanceof ObjectNode present ? present : NODES.objectNode();
                return SweptOperation.bytes(field.setIn(body, value.put("unknownField", "x")));
            }).as(name + "an extra unknown field", SUCCESS));
        } else {
            probes.add(set(valid, base, field, () -> NODES.objectNode().put("a", 1)).as(name + "an object", REJECTED));
            probes.add(set(valid, base, field, () -> nested(20)).as(name + "an object nested 20 levels deep", REJECTED));
        }
        probes.add(set(valid, base, field, () -> nested(100)).as(name + "nested 100 levels deep (limit 32)", REJECTED));
        if (type.equals("string")) {
            probes.addAll(strings(valid, base, field, name));
        }
        if (type.equals("array")) {
            probes.addAll(lists(valid, base, field, name));
        }
        return probes;
    }

    private static List<Probe> strings(Probe valid, Supplier<ObjectNode> base, Field field, String name) {
        return List.of(
                text(valid, base, field, "").as(name + "empty", NO_SERVER_ERROR),
                text(valid, base, field, " \t\n ").as(name + "only whitespace", NO_SERVER_ERROR),
                text(valid, base, field, "x".repeat(100_000)).as(name + "100,000 characters", NO_SERVER_ERROR),
                text(valid, base, field, "\uD83D\uDE00".repeat(50_000)).as(name + "50,000 emoji", NO_SERVER_ERROR),
                text(valid, base, field, "a\u0000b").as(name + "a NUL character", NO_SERVER_ERROR),
                text(valid, base, field, "a\u0001\u001f\u007f\u202e").as(name + "control characters", NO_SERVER_ERROR),
                text(valid, base, field, "a\uD800b").as(name + "a lone surrogate", REJECTED),
                text(valid, base, field, "ünïcødé 日本語 \uD83D\uDE00").as(name + "unicode", NO_SERVER_ERROR),
                text(valid, base, field, "' OR '1'='1'; --").as(name + "SQL metacharacters", NO_SERVER_ERROR));
    }

    private static List<Probe> lists(Probe valid, Supplier<ObjectNode> base, Field field, String name) {
        return List.of(
                set(valid, base, field, () -> {
                    ArrayNode items = NODES.arrayNode();
                    for (int i = 0; i < 10_000; i++) {
                        items.add("t" + i);
                    }
                    return items;
                }).as(name + "10,000 items", NO_SERVER_ERROR),
                set(valid, base, field, () -> NODES.arrayNode().addNull()).as(name + "a null item", NO_SERVER_ERROR),
                set(valid, base, field, () -> NODES.arrayNode().add(NODES.objectNode().put("a", 1))).as(name + "an object item", REJECTED),
                set(valid, base, field, () -> NODES.arrayNode().add("a").add(5)).as(name + "a number item", REJECTED),
                set(valid, base, field, () -> NODES.arrayNode().add(true)).as(name + "a boolean item", REJECTED),
                set(valid, base, field, () -> NODES.arrayNode().add(NODES.arrayNode().add("a").add("b"))).as(name + "an array item", REJECTED),
                set(valid, base, field, () -> NODES.arrayNode().add("x".repeat(100_000))).as(name + "a 100,000-character item", NO_SERVER_ERROR),
                set(valid, base, field, () -> NODES.arrayNode().add("a\u0000b")).as(name + "an item with a NUL character", NO_SERVER_ERROR));
    }

    private static Probe text(Probe valid, Supplier<ObjectNode> base, Field field, String value) {
        return set(valid, base, field, () -> NODES.textNode(value));
    }

    private static Probe set(Probe valid, Supplier<ObjectNode> base, Field field, Supplier<JsonNode> value) {
        return valid.withBody(() -> SweptOperation.bytes(field.setIn(base.get(), value.get())));
    }

    private static JsonNode nested(int depth) {
        ObjectNode root = NODES.objectNode();
        ObjectNode current = root;
        for (int i = 1; i < depth; i++) {
            current = current.putObject("a");
        }
        return root;
    }
}
