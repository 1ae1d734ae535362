package conduit.auth;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Ended sessions, heard from every instance: revoking a session sends its id with NOTIFY on
 * {@value #CHANNEL} in the revoking transaction, and each instance's listening connection (see
 * conduit.realtime.NotificationListener) hands it here, so the instance stops trusting the session at once
 * instead of after {@code conduit.sessions.check-interval}. That interval stays the fallback for
 * notifications lost while an instance's listening connection was down.
 */
@Singleton
public final class SessionEvictions {

    public static final String CHANNEL = "conduit_sessions";

    private static final Logger LOG = LoggerFactory.getLogger(SessionEvictions.class);

    private final ActiveSessions active;

    SessionEvictions(ActiveSessions active) {
        this.active = active;
    }

    /** The payload of one notification: a session id. */
    public void sessionEnded(String sessionId) {
        try {
            active.forget(UUID.fromString(sessionId));
        } catch (IllegalArgumentException e) {
            LOG.warn("ignored a malformed session notification");
        }
    }
}
