package conduit.auth;

import java.util.UUID;

/**
 * A session was revoked somewhere (logout, logout-all, a password change, refresh-token reuse), published on
 * every instance as an application event once it is heard of, so what hangs on a session here (an open event
 * socket) can end with it.
 */
public record SessionEnded(UUID sessionId) {
}
