package conduit.realtime;

import conduit.system.OpaqueTokens;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

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

    private final RealtimeQueries queries;

    Tickets(RealtimeQueries queries) {
        this.queries = queries;
    }

    @Transactional
    Ticket issue(long userId, UUID sessionId) {
        String value = OpaqueTokens.generate();
        Instant expiresAt = Instant.now().plus(TTL).truncatedTo(ChronoUnit.MILLIS);
        queries.insertTicket(OpaqueTokens.hash(value), userId, expiresAt, sessionId);
        return new Ticket(value, expiresAt);
    }

    /**
     * Who the ticket was issued to, if it is known, unexpired and its session still active (not logged out since);
     * either way it cannot be used again.
     */
    @Transactional
    Optional<RealtimeQueries.Holder> consume(String value) {
        return queries.consumeTicket(OpaqueTokens.hash(value));
    }
}
