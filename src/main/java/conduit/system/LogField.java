package conduit.system;

/**
 * A named value in a log call: {@code log.info("{} {}", LogField.of("method", m), LogField.of("status", s))}. The
 * message reads {@code method=GET status=200}; {@link JsonLineEncoder} also writes each as a JSON field of its own
 * (numbers and booleans as such), so collectors can filter on it without parsing the message.
 */
public record LogField(String key, Object value) {

    public static LogField of(String key, Object value) {
        return new LogField(key, value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
