package conduit.system;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The production log format: one JSON object per line, with the field names log collectors expect from a
 * Logstash-style encoder ({@code @timestamp}, {@code @version}, {@code message}, {@code logger_name},
 * {@code thread_name}, {@code level}, {@code stack_trace}), every MDC entry, and every {@link LogField} argument
 * as a field of its own. It keeps no per-thread state: a request runs on a fresh virtual thread, and an encoder that
 * caches a generator per thread builds one for every request (that cost a sixth of a tags request's CPU).
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        var line = new StringBuilder(256);
        line.append("{\"@timestamp\":\"");
        DateTimeFormatter.ISO_INSTANT.formatTo(event.getInstant(), line);
        line.append("\",\"@version\":\"1\"");
        field(line, "message", event.getFormattedMessage());
        field(line, "logger_name", event.getLoggerName());
        field(line, "thread_name", event.getThreadName());
        field(line, "level", event.getLevel().toString());
        for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
            field(line, entry.getKey(), entry.getValue());
        }
        Object[] arguments = event.getArgumentArray();
        if (arguments != null) {
            for (Object argument : arguments) {
                if (argument instanceof LogField logField) {
                    field(line, logField.key(), logField.value());
                }
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(line, "stack_trace", ThrowableProxyUtil.asString(thrown));
        }
        line.append("}\n");
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder line, String name, Object value) {
        line.append(',');
        string(line, name);
        line.append(':');
        if (value == null) {
            line.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double number && Double.isFinite(number)) {
            line.append(value);
        } else {
            string(line, value.toString());
        }
    }

    /** A JSON string: quotes, backslashes and every control character escaped, so one event is one line. */
    static void string(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
        line.append('"');
    }
}
