package conduit.pubsub;

import conduit.database.Sql;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.List;

/**
 * Sends messages to every instance with PostgreSQL NOTIFY, inside the caller's transaction: PostgreSQL delivers
 * them only when it commits, so a rolled-back write announces nothing. A payload is at most 8000 bytes
 * (PostgreSQL's limit), so messages carry ids and each subscriber loads what it needs.
 */
@Singleton
public class Publisher {

    private final Sql sql;

    Publisher(Sql sql) {
        this.sql = sql;
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void publish(String channel, String payload) {
        publish(channel, List.of(payload));
    }

    /** One statement for all of them. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void publish(String channel, Collection<String> payloads) {
        if (payloads.isEmpty()) {
            return;
        }
        sql.execute("SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload", channel, Sql.textArray(payloads));
    }
}
