package conduit.auth;

import conduit.pubsub.Subscriber;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.UUID;

/**
 * Ended sessions, heard from every instance: revoking a session publishes its id on {@value #CHANNEL} in the
 * revoking transaction ({@link SessionQueries}), and each instance's listener hands it here, so the instance
 * stops trusting the session at once instead of after {@code conduit.sessions.check-interval}, and tells
 * whatever else hangs on the session ({@link SessionEnded}). That interval stays the fallback for messages
 * lost while an instance's listening connection was down.
 */
@Singleton
final class SessionEvictions implements Subscriber {

    static final String CHANNEL = "conduit_sessions";

    private static final Logger LOG = LoggerFactory.getLogger(SessionEvictions.class);

    private final ActiveSessions active;
    private final ApplicationEventPublisher<SessionEnded> ended;

    SessionEvictions(ActiveSessions active, ApplicationEventPublisher<SessionEnded> ended) {
        this.active = active;
        this.ended = ended;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    /** The payload is a session id. */
    @Override
    public void receive(String payload, Connection connection) {
        UUID sessionId;
        try {
            sessionId = UUID.fromString(payload);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a malformed session message");
            return;
        }
        active.forget(sessionId);
        ended.publishEvent(new SessionEnded(sessionId));
    }
}
