package conduit.contract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.Schema;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import static conduit.contract.Probe.Expected.NO_SERVER_ERROR;
import static conduit.contract.Probe.Expected.REJECTED;
import static conduit.contract.Probe.Expected.SUCCESS;

/**
 * Malformed bodies for an operation, derived from its request schema: broken JSON, wrong top-level
 * types, a missing envelope, unknown fields, 2 MB, invalid UTF-8, wrong content types, and for every
 * field of the schema the bad values of {@link FieldProbes}. Each starts from a fresh valid body and
 * breaks one thing.
 */
final class BodyProbes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MARKER = "SWEEP-INVALID-UTF8";

    private BodyProbes() {
    }

    static List<Probe> of(SweptOperation operation) {
        Probe valid = Probe.valid(operation);
        if (operation.validBody() == null) {
            return List.of(valid.withHeader("Content-Type", "application/json").withText(() -> "{")
                    .as("unexpected body: broken JSON", NO_SERVER_ERROR));
        }
        Supplier<ObjectNode> base = operation.validBody();
        Schema<?> schema = operation.bodySchema().orElseThrow();
        List<Probe> probes = new ArrayList<>();
        probes.addAll(brokenJson(valid, base));
        probes.addAll(wrongDocuments(valid, base, schema));
        for (Field field : Field.all(schema)) {
            probes.addAll(FieldProbes.of(valid, base, field));
        }
        probes.addAll(invalidUtf8(valid, base, Field.all(schema)));
        probes.addAll(contentTypes(valid, base));
        return probes;
    }

    private static List<Probe> brokenJson(Probe valid, Supplier<ObjectNode> base) {
        Supplier<String> json = () -> SweptOperation.text(base.get());
        return List.of(
                valid.withBody(null).as("body: none", REJECTED),
                valid.withText(() -> "").as("body: empty", REJECTED),
                valid.withText(() -> "   \n").as("body: only whitespace", REJECTED),
                valid.withText(() -> truncated(json.get())).as("broken JSON: truncated", REJECTED),
                valid.withText(() -> "{").as("broken JSON: {", REJECTED),
                valid.withText(() -> "}").as("broken JSON: }", REJECTED),
                valid.withText(() -> json.get() + "garbage").as("broken JSON: trailing garbage", REJECTED),
                valid.withText(() -> json.get() + "{}").as("broken JSON: a second document", REJECTED),
                valid.withText(() -> json.get().replace('"', '\'')).as("broken JSON: single quotes", REJECTED),
                valid.withText(() -> json.get().replaceAll("\"(\\w+)\":", "$1:")).as("broken JSON: unquoted keys", REJECTED),
                valid.withText(() -> json.get().replaceFirst("}$", ",}")).as("broken JSON: trailing comma", REJECTED),
                valid.withText(() -> "/* c */" + json.get()).as("broken JSON: comment", REJECTED),
                valid.withText(() -> json.get().replaceFirst(":\"[^\"]*\"", ":NaN")).as("broken JSON: NaN", REJECTED),
                valid.withText(() -> "{\"a\":\"unterminated}").as("broken JSON: unterminated string", REJECTED),
                valid.withText(() -> "{\"a\":\"\\x41\"}").as("broken JSON: invalid escape", REJECTED),
                valid.withBody(() -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, SweptOperation.bytes(base.get())))
                        .as("body: UTF-8 byte order mark", NO_SERVER_ERROR));
    }

    private static List<Probe> wrongDocuments(Probe valid, Supplier<ObjectNode> base, Schema<?> schema) {
        List<Probe> probes = new ArrayList<>(List.of(
                valid.withText(() -> "[]").as("top level: empty array", REJECTED),
                valid.withText(() -> "[" + SweptOperation.text(base.get()) + "]").as("top level: valid body in an array", REJECTED),
                valid.withText(() -> "\"text\"").as("top level: string", REJECTED),
                valid.withText(() -> "42").as("top level: number", REJECTED),
                valid.withText(() -> "true").as("top level: boolean", REJECTED),
                valid.withText(() -> "null").as("top level: null", REJECTED),
                valid.withText(() -> "{}").as("envelope missing: {}", schema.getRequired() == null ? NO_SERVER_ERROR : REJECTED),
                valid.withText(() -> SweptOperation.text(base.get().elements().next()))
                        .as("envelope missing: fields at top level", schema.getRequired() == null ? NO_SERVER_ERROR : REJECTED),
                valid.withBody(() -> SweptOperation.bytes(base.get().put("unknownField", "x")))
                        .as("extra field at top level", SUCCESS),
                valid.withBody(() -> {
                    ObjectNode body = base.get();
                    body.putObject("unknownObject").putArray("list").add(1).addObject().put("a", true);
                    return SweptOperation.bytes(body);
                }).as("extra nested object at top level", SUCCESS),
                valid.withText(() -> {
                    String json = SweptOperation.text(base.get());
                    return json.substring(0, json.length() - 1) + "," + json.substring(1);
                }).as("duplicate keys", NO_SERVER_ERROR),
                valid.withBody(() -> SweptOperation.bytes(withFirstString(base.get(), "a".repeat(2 * 1024 * 1024))))
                        .as("2 MB body (over the 1 MB limit)", REJECTED)));
        return probes;
    }

    /** Raw bytes that are not UTF-8, spliced into the first string field and, once, outside any string. */
    private static List<Probe> invalidUtf8(Probe valid, Supplier<ObjectNode> base, List<Field> fields) {
        Field first = fields.stream().filter(f -> f.type().equals("string")).findFirst().orElseThrow();
        List<Probe> probes = new ArrayList<>();
        for (var bad : List.of(new Bytes("C3 28", "a broken two-byte sequence"), new Bytes("FF FE", "bytes FF FE"),
                new Bytes("C0 AF", "an overlong encoding"), new Bytes("ED A0 80", "an encoded surrogate"),
                new Bytes("E2 82", "a truncated three-byte sequence"))) {
            probes.add(valid.withBody(() -> {
                byte[] json = SweptOperation.bytes(first.setIn(base.get(), NODES.textNode(MARKER)));
                return replace(json, MARKER.getBytes(StandardCharsets.US_ASCII), bad.value());
            }).as("invalid UTF-8 in " + first.name() + ": " + bad.label(), REJECTED));
        }
        probes.add(valid.withBody(() -> concat(new byte[] {'{', (byte) 0xFF}, "}".getBytes(StandardCharsets.US_ASCII)))
                .as("invalid UTF-8 outside a string", REJECTED));
        probes.add(valid.withBody(() -> SweptOperation.text(base.get()).getBytes(StandardCharsets.UTF_16LE))
                .as("body encoded as UTF-16", NO_SERVER_ERROR));
        return probes;
    }

    private static List<Probe> contentTypes(Probe valid, Supplier<ObjectNode> base) {
        return List.of(
                valid.withHeader("Content-Type", "text/plain").as("content type text/plain", REJECTED),
                valid.withHeader("Content-Type", "application/x-www-form-urlencoded").withText(() -> "user%5Bemail%5D=a%40b.c&x=1")
                        .as("content type form-urlencoded", REJECTED),
                valid.withHeader("Content-Type", "multipart/form-data; boundary=x")
                        .withText(() -> "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n")
                        .as("content type multipart/form-data", REJECTED),
                valid.withHeader("Content-Type", "application/xml").withText(() -> "<user><email>a@b.c</email></user>")
                        .as("content type application/xml", REJECTED),
                valid.withHeader("Content-Type", "not a media type").as("content type unparseable", NO_SERVER_ERROR),
                valid.withHeader("Content-Type", "application/json; charset=ISO-8859-1").as("content type JSON in Latin-1", NO_SERVER_ERROR),
                valid.withoutHeader("Content-Type").as("no content type", NO_SERVER_ERROR));
    }

    private static ObjectNode withFirstString(ObjectNode body, String value) {
        for (var entry : body.properties()) {
            if (entry.getValue().isTextual()) {
                body.put(entry.getKey(), value);
                return body;
            }
            if (entry.getValue() instanceof ObjectNode inner) {
                withFirstString(inner, value);
                return body;
            }
        }
        body.put("padding", value);
        return body;
    }

    private static String truncated(String json) {
        return json.substring(0, json.length() / 2);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }

    private static byte[] replace(byte[] bytes, byte[] marker, byte[] replacement) {
        for (int i = 0; i + marker.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length)) {
                var out = new ByteArrayOutputStream();
                out.write(bytes, 0, i);
                out.writeBytes("ab".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(replacement);
                out.writeBytes("cd".getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, i + marker.length, bytes.length - i - marker.length);
                return out.toByteArray();
            }
        }
        throw new IllegalStateException("marker not found");
    }

    private record Bytes(String hex, String label) {
        byte[] value() {
            return HexFormat.ofDelimiter(" ").parseHex(hex);
        }
    }
}
