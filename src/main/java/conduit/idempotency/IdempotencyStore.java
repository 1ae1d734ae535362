package conduit.idempotency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;

/**
 * The idempotency_keys table. Keys live 24 hours. Everything but the sweep joins the transaction of the service
 * doing the work (see {@link Once#run}), so a key is never stored without its work, nor the work without its key.
 */
@Singleton
class IdempotencyStore {

    private static final String TTL = "24 hours";

    /** A first response, as it was sent: the status, the JSON body and the Location header, if any. */
    record Stored(String fingerprint, int status, String body, @Nullable String location) {
    }

    private final JdbcOperations jdbc;

    IdempotencyStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void requireTransaction() {
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void forgetExpired(String scope, String key) {
        jdbc.prepareStatement("DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at < now() - interval '"
                + TTL + "'", statement -> {
            statement.setString(1, scope);
            statement.setString(2, key);
            return statement.executeUpdate();
        });
    }

    /** False when the key is taken; waits first for a transaction that is claiming it to end. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    boolean claim(String scope, String key, String fingerprint) {
        return jdbc.prepareStatement("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, status, body) VALUES (?, ?, ?, 0, '')
                ON CONFLICT (scope, key) DO NOTHING""", statement -> {
            statement.setString(1, scope);
            statement.setString(2, key);
            statement.setString(3, fingerprint);
            return statement.executeUpdate() == 1;
        });
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    Stored find(String scope, String key) {
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

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void record(String scope, String key, int status, String body, @Nullable String location) {
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
}
