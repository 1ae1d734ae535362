package conduit.idempotency;

import conduit.database.Sql;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;


/**
 * The idempotency feature's SQL: the idempotency_keys table. Keys live 24 hours. Everything but the sweep joins the transaction of the service
 * doing the work (see {@link Once#run}), so a key is never stored without its work, nor the work without its key.
 */
@Singleton
class IdempotencyQueries {

    private static final String TTL = "24 hours";

    /** A first response, as it was sent: the status, the JSON body and the Location header, if any. */
    record Stored(String fingerprint, int status, String body, @Nullable String location) {
    }

    private final Sql sql;

    IdempotencyQueries(Sql sql) {
        this.sql = sql;
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void requireTransaction() {
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void forgetExpired(String scope, String key) {
        sql.update("DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at < now() - interval '"
                + TTL + "'", scope, key);
    }

    /** False when the key is taken; waits first for a transaction that is claiming it to end. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    boolean claim(String scope, String key, String fingerprint) {
        return sql.update("""
                INSERT INTO idempotency_keys (scope, key, fingerprint, status, body) VALUES (?, ?, ?, 0, '')
                ON CONFLICT (scope, key) DO NOTHING""", scope, key, fingerprint) == 1;
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    Stored find(String scope, String key) {
        return sql.one("SELECT fingerprint, status, body, location FROM idempotency_keys WHERE scope = ? AND key = ?",
                row -> new Stored(row.getString(1), row.getInt(2), row.getString(3), row.getString(4)), scope, key);
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    void record(String scope, String key, int status, String body, @Nullable String location) {
        sql.update("UPDATE idempotency_keys SET status = ?, body = ?, location = ? WHERE scope = ? AND key = ?",
                status, body, location, scope, key);
    }

    /** Every instance sweeps; the delete is idempotent. */
    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    @Transactional
    void deleteExpired() {
        sql.update("DELETE FROM idempotency_keys WHERE created_at < now() - interval '" + TTL + "'");
    }
}
