package conduit.pubsub;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
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

    private final JdbcOperations jdbc;

    Publisher(JdbcOperations jdbc) {
        this.jdbc = jdbc;
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
        jdbc.prepareStatement("SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload", statement -> {
            statement.setString(1, channel);
            statement.setArray(2, statement.getConnection().createArrayOf("text", payloads.toArray()));
            return statement.execute();
        });
    }
}
