package conduit.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production log line, parsed back by a real JSON parser (Jackson, independent of the encoder). */
class JsonLineEncoderTest {

    private final LoggerContext context = new LoggerContext();
    private final JsonLineEncoder encoder = new JsonLineEncoder();
    private final ObjectMapper json = new ObjectMapper();

    JsonLineEncoderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    private LoggingEvent event(Level level, String message, Throwable thrown, Object... arguments) {
        var logger = context.getLogger("conduit.access");
        var event = new LoggingEvent(getClass().getName(), logger, level, message, thrown, arguments);
        event.setInstant(Instant.parse("2026-12-03T23:37:38.799040755Z"));
        event.setThreadName("virtual-executor-1");
        return event;
    }

    private String line(LoggingEvent event) {
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void anAccessLineHasTheLogstashFieldNamesAndEachLogFieldAsAFieldOfItsOwn() throws IOException {
        String line = line(event(Level.INFO, "{} {} {} {}", null, LogField.of("method", "GET"),
                LogField.of("status", 200), LogField.of("duration_ms", 4.5), LogField.of("cached", true)));

        assertEquals(line.length() - 1, line.indexOf('\n'), line);
        JsonNode node = json.readTree(line);
        assertEquals("2026-12-03T23:37:38.799040755Z", node.get("@timestamp").asText());
        assertEquals("1", node.get("@version").asText());
        assertEquals("method=GET status=200 duration_ms=4.5 cached=true", node.get("message").asText());
        assertEquals("conduit.access", node.get("logger_name").asText());
        assertEquals("virtual-executor-1", node.get("thread_name").asText());
        assertEquals("INFO", node.get("level").asText());
        assertEquals("GET", node.get("method").asText());
        assertTrue(node.get("status").isInt(), line);
        assertEquals(200, node.get("status").asInt());
        assertTrue(node.get("duration_ms").isDouble(), line);
        assertEquals(4.5, node.get("duration_ms").asDouble());
        assertTrue(node.get("cached").isBoolean(), line);
        assertFalse(node.has("stack_trace"), line);
    }

    @Test
    void hostileTextStaysOneLineAndReadsBackExactly() throws IOException {
        String hostile = "quote \" backslash \\ newline \n return \r tab \t nul \u0000 bell \u0007 escape \u001b"
                + " separators \u2028\u2029 unicode é 𝄞 and a fake field \",\"level\":\"ERROR";
        String line = line(event(Level.WARN, hostile, null, LogField.of("route", hostile),
                LogField.of("missing", null), LogField.of("not a number", Double.NaN)));

        assertEquals(line.length() - 1, line.indexOf('\n'), line);
        assertFalse(line.contains("\u2028") || line.contains("\u0000") || line.contains("\r"), line);
        JsonNode node = json.readTree(line);
        assertEquals(hostile, node.get("message").asText());
        assertEquals(hostile, node.get("route").asText());
        assertEquals("WARN", node.get("level").asText());
        assertTrue(node.get("missing").isNull(), line);
        assertEquals("NaN", node.get("not a number").asText());
    }

    @Test
    void anExceptionBecomesAStackTraceFieldAndMdcEntriesBecomeFields() throws IOException {
        var failure = new IllegalStateException("pool exhausted", new RuntimeException("cause \"inner\""));
        var event = event(Level.ERROR, "job {} failed", failure, "42");
        event.setMDCPropertyMap(Map.of("job_kind", "email"));
        String line = line(event);
        JsonNode node = json.readTree(line);

        assertEquals(line.length() - 1, line.indexOf('\n'), line);
        assertEquals("job 42 failed", node.get("message").asText());
        assertEquals("email", node.get("job_kind").asText());
        String trace = node.get("stack_trace").asText();
        assertTrue(trace.startsWith("java.lang.IllegalStateException: pool exhausted"), trace);
        assertTrue(trace.contains("at conduit.system.JsonLineEncoderTest"), trace);
        assertTrue(trace.contains("Caused by: java.lang.RuntimeException: cause \"inner\""), trace);
    }
}
