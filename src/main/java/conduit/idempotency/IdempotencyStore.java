package conduit.idempotency;

import conduit.system.Problem;
import conduit.system.InvalidInputException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The idempotency_keys table. Keys live 24 hours. */
@Singleton
class IdempotencyStore {

    private static final String TTL = "24 hours";

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    IdempotencyStore(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private record Stored(String fingerprint, int status, String body, String location) {
    }

    /**
     * The service methods the work calls join this transaction. Claiming the key is an insert that
     * a concurrent claim of the same key waits on until this transaction ends; it then finds the
     * stored response (or, if this one rolled back, claims the key itself).
     */
    @Transactional
    <T> MutableHttpResponse<T> once(String scope, String key, String fingerprint, Class<T> type,
                                    Supplier<MutableHttpResponse<T>> work, UnaryOperator<T> forStorage) {
        forgetExpired(scope, key);
        if (!claim(scope, key, fingerprint)) {
            return replay(find(scope, key), fingerprint, type);
        }
        MutableHttpResponse<T> response = work.get();
        T body = response.body();
        record(scope, key, response.code(), serialize(forStorage.apply(body)),
                response.getHeaders().get(HttpHeaders.LOCATION));
        return response;
    }

    private <T> MutableHttpResponse<T> replay(Stored stored, String fingerprint, Class<T> type) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new InvalidInputException(new Problem("Idempotency-Key", "was already used for a different request"));
        }
        MutableHttpResponse<T> response = HttpResponse.<T>status(HttpStatus.valueOf(stored.status()))
                .body(deserialize(stored.body(), type))
                .header(IdempotentRequests.REPLAYED, "true");
        if (stored.location() != null) {
            response.header(HttpHeaders.LOCATION, stored.location());
        }
        return response;
    }

    private void forgetExpired(String scope, String key) {
        jdbc.prepareStatement("DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at < now() - interval '"
                + TTL + "'", statement -> {
            statement.setString(1, scope);
            statement.setString(2, key);
            return statement.executeUpdate();
        });
    }

    private boolean claim(String scope, String key, String fingerprint) {
        return jdbc.prepareStatement("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, status, body) VALUES (?, ?, ?, 0, '')
                ON CONFLICT (scope, key) DO NOTHING""", statement -> {
            statement.setString(1, scope);
            statement.setString(2, key);
            statement.setString(3, fingerprint);
            return statement.executeUpdate() == 1;
        });
    }

    private Stored find(String scope, String key) {
        return jdbc.prepareStatement("SELECT fingerprint, status, body, location FROM idempotency_keys WHERE scope = ? AND key = ?",
                statement -> {
                    statement.setString(1, scope);
                    statement.setString(2, key);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        return new Stored(row.getString(1), row.getInt(2), row.getString(3), row.getString(4));
                    }
                });
    }

    private void record(String scope, String key, int status, String body, String location) {
        jdbc.prepareStatement("UPDATE idempotency_keys SET status = ?, body = ?, location = ? WHERE scope = ? AND key = ?",
                statement -> {
                    statement.setInt(1, status);
                    statement.setString(2, body);
                    statement.setString(3, location);
                    statement.setString(4, scope);
                    statement.setString(5, key);
                    return statement.executeUpdate();
                });
    }

    /** Every instance sweeps; the delete is idempotent. */
    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    @Transactional
    void deleteExpired() {
        jdbc.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < now() - interval '" + TTL + "'",
                statement -> statement.executeUpdate());
    }

    private String serialize(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T deserialize(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
