package conduit.job;

import java.util.Map;

/** A job's data: a flat JSON object of ids and short strings, never secrets or whole bodies. */
public record JobPayload(Map<String, Object> values) {

    public long getLong(String name) {
        if (values.get(name) instanceof Number number) {
            return number.longValue();
        }
        throw new IllegalArgumentException("job payload has no number '" + name + "'");
    }

    public String getString(String name) {
        if (values.get(name) instanceof String text) {
            return text;
        }
        throw new IllegalArgumentException("job payload has no string '" + name + "'");
    }
}
