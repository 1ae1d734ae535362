package conduit.contract;

import conduit.contract.Probe.Expected;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static conduit.contract.Probe.Expected.NO_SERVER_ERROR;
import static conduit.contract.Probe.Expected.REJECTED;
import static conduit.contract.Probe.Expected.SUCCESS;

/**
 * Bad values for every path, query and header parameter the spec declares for an operation. An integer
 * parameter must refuse whatever is not an integer within its schema's bounds; other values may be
 * accepted (an unknown username is simply not found) but never with a server error.
 */
final class ParameterProbes {

    /** Label and URL-encoded value; some are deliberately not valid URL syntax and go out over a raw socket. */
    private record Value(String label, String encoded) {
    }

    private static final List<Value> GARBAGE = List.of(
            new Value("empty", ""),
            new Value("a space", "%20"),
            new Value("dot", "."),
            new Value("dot-dot", ".."),
            new Value("10,000 characters", "a".repeat(10_000)),
            new Value("NUL %00", "a%00b"),
            new Value("percent garbage %ZZ", "%ZZ"),
            new Value("a lone percent sign", "a%"),
            new Value("traversal ..%2F", "..%2F..%2Fetc%2Fpasswd"),
            new Value("encoded slash", "a%2Fb"),
            new Value("invalid UTF-8 %FF%FE", "%FF%FE"),
            new Value("overlong UTF-8 %C0%AF", "%C0%AF"),
            new Value("unicode", URLEncoder.encode("ünïcødé-日本語-\uD83D\uDE00", StandardCharsets.UTF_8)),
            new Value("raw non-ASCII bytes", "ünïcødé"),
            new Value("SQL metacharacters", URLEncoder.encode("' OR '1'='1", StandardCharsets.UTF_8)),
            new Value("word", "abc"),
            new Value("negative number", "-1"),
            new Value("zero", "0"),
            new Value("number beyond int64", "99999999999999999999"),
            new Value("number beyond int32", "2147483648"),
            new Value("decimal", "1.5"),
            new Value("exponent", "1e3"),
            new Value("hexadecimal", "0x10"),
            new Value("leading plus", "%2B1"));

    private ParameterProbes() {
    }

    static List<Probe> of(SweptOperation operation) {
        Probe valid = Probe.valid(operation);
        List<Probe> probes = new ArrayList<>();
        for (Parameter parameter : operation.parameters("path")) {
            for (Value value : GARBAGE) {
                probes.add(valid.withPath(parameter.getName(), value.encoded())
                        .as("path " + parameter.getName() + ": " + value.label(), expected(parameter.getSchema(), value, true)));
            }
        }
        for (Parameter parameter : operation.parameters("query")) {
            probes.addAll(query(valid, parameter));
        }
        for (Parameter parameter : operation.parameters("header")) {
            probes.addAll(header(valid, parameter));
        }
        probes.add(valid.withQuery("unknownParameter=1&_=1700000000").as("unknown query parameters", SUCCESS));
        return probes;
    }

    private static List<Probe> query(Probe valid, Parameter parameter) {
        String name = parameter.getName();
        List<Probe> probes = new ArrayList<>();
        for (Value value : GARBAGE) {
            probes.add(valid.withQuery(name + "=" + value.encoded())
                    .as("query " + name + ": " + value.label(), expected(parameter.getSchema(), value, false)));
        }
        probes.add(valid.withQuery(name).as("query " + name + ": no value", NO_SERVER_ERROR));
        // No parameter takes several values: joined ("1,2") they would mean something the client never said.
        probes.add(valid.withQuery(name + "=1&" + name + "=2").as("query " + name + ": repeated", REJECTED));
        probes.add(valid.withQuery(name + "=1&" + name + "=abc").as("query " + name + ": repeated, second one garbage", REJECTED));
        Schema<?> schema = parameter.getSchema();
        if (schema.getMinimum() != null) {
            String below = schema.getMinimum().subtract(BigDecimal.ONE).toPlainString();
            probes.add(valid.withQuery(name + "=" + below).as("query " + name + ": below minimum (" + below + ")", REJECTED));
        }
        if (schema.getMaximum() != null) {
            String above = schema.getMaximum().add(BigDecimal.ONE).toPlainString();
            probes.add(valid.withQuery(name + "=" + above).as("query " + name + ": above maximum (" + above + ")", REJECTED));
        }
        return probes;
    }

    private static List<Probe> header(Probe valid, Parameter parameter) {
        String name = parameter.getName();
        Schema<?> schema = parameter.getSchema();
        List<Probe> probes = new ArrayList<>();
        for (String value : List.of("", "x", "not \"quoted\", W/\"weak\", *x", "a".repeat(300), "b".repeat(10_000))) {
            boolean outOfBounds = schema.getMinLength() != null && value.length() < schema.getMinLength()
                    || schema.getMaxLength() != null && value.length() > schema.getMaxLength();
            String label = value.length() > 40 ? value.length() + " characters" : "'" + value + "'";
            probes.add(valid.withHeader(name, value).as("header " + name + ": " + label, outOfBounds ? REJECTED : NO_SERVER_ERROR));
        }
        return probes;
    }

    /** Integers must be integers within bounds; for a string, a path value that names nothing is simply not found. */
    private static Expected expected(Schema<?> schema, Value value, boolean inPath) {
        if (!wellEncoded(value.encoded())) {
            return REJECTED;
        }
        if (!"integer".equals(schema.getType())) {
            return NO_SERVER_ERROR;
        }
        BigInteger number = integer(value.encoded());
        if (number == null) {
            return value.encoded().isEmpty() && !inPath ? NO_SERVER_ERROR : REJECTED;
        }
        boolean int32 = "int32".equals(schema.getFormat());
        BigInteger limit = BigInteger.valueOf(int32 ? Integer.MAX_VALUE : Long.MAX_VALUE);
        boolean inBounds = number.abs().compareTo(limit) <= 0
                && (schema.getMinimum() == null || new BigDecimal(number).compareTo(schema.getMinimum()) >= 0)
                && (schema.getMaximum() == null || new BigDecimal(number).compareTo(schema.getMaximum()) <= 0);
        // In the path an integer in bounds still names no comment; in the query it may well be valid.
        return inBounds ? NO_SERVER_ERROR : REJECTED;
    }

    /** Every % followed by two hex digits, standing for valid UTF-8: anything else is a malformed URL (400). */
    private static boolean wellEncoded(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return true;
        }
        try {
            byte[] bytes = URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.ISO_8859_1)
                    .getBytes(StandardCharsets.ISO_8859_1);
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static BigInteger integer(String encoded) {
        try {
            String decoded = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            return decoded.matches("[-+]?[0-9]+") ? new BigInteger(decoded) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
