package conduit.realtime;

import conduit.system.OpaqueTokens;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Single-use tickets for the event WebSocket. A ticket is 256 random bits; PostgreSQL keeps only
 * its SHA-256, so every instance can consume a ticket any instance issued, exactly once.
 */
@Singleton
class Tickets {

    static final Duration TTL = Duration.ofSeconds(30);

    record Ticket(String value, Instant expiresAt) {
    }

    /** Whose socket a consumed ticket opens: a user, in one of their sessions. */
    record Holder(long userId, UUID sessionId) {
    }

    private final JdbcOperations jdbc;

    Tickets(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    Ticket issue(long userId, UUID sessionId) {
        String value = OpaqueTokens.generate();
        Instant expiresAt = Instant.now().plus(TTL).truncatedTo(ChronoUnit.MILLIS);
        // Unused tickets are swept as new ones are issued; the index on expires_at keeps this cheap.
        jdbc.prepareStatement("DELETE FROM event_tickets WHERE expires_at < now() - interval '1 minute'",
                statement -> statement.executeUpdate());
        jdbc.prepareStatement("INSERT INTO event_tickets (ticket_hash, user_id, expires_at, session_id) VALUES (?, ?, ?, ?)",
                statement -> {
                    statement.setBytes(1, OpaqueTokens.hash(value));
                    statement.setLong(2, userId);
                    statement.setTimestamp(3, Timestamp.from(expiresAt));
                    statement.setObject(4, sessionId);
                    return statement.executeUpdate();
                });
        return new Ticket(value, expiresAt);
    }

    /**
     * Who the ticket was issued to, if it is known, unexpired and its session still active (not logged out since);
     * either way it cannot be used again.
     */
    @Transactional
    Optional<Holder> consume(String value) {
        return jdbc.prepareStatement("""
                DELETE FROM event_tickets t WHERE ticket_hash = ?
                RETURNING user_id, session_id, expires_at > now()
                    AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = t.session_id AND s.revoked_at IS NULL) AS valid
                """, statement -> {
            statement.setBytes(1, OpaqueTokens.hash(value));
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean("valid")
                        ? Optional.of(new Holder(row.getLong("user_id"), row.getObject("session_id", UUID.class)))
                        : Optional.empty();
            }
        });
    }
}
