package conduit.realtime;

import conduit.auth.SessionEnded;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.websocket.CloseReason;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The event WebSockets open on this instance. Every 25 seconds each gets a ping; one that has
 * answered nothing (no pong, no message) for 60 seconds is a dead peer and is closed.
 */
@Singleton
class Sockets {

    static final Duration SILENCE_LIMIT = Duration.ofSeconds(60);
    /** After HTTP's 408 Request Timeout, in the range RFC 6455 leaves to applications. */
    static final CloseReason SILENT = new CloseReason(4408, "no answer to pings");

    private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);

    private final Map<String, Socket> open = new ConcurrentHashMap<>();

    void add(Socket socket) {
        open.put(socket.id(), socket);
    }

    void remove(String id) {
        open.remove(id);
    }

    Socket get(String id) {
        return open.get(id);
    }

    Collection<Socket> all() {
        return open.values();
    }

    Set<Long> users() {
        return open.values().stream().map(Socket::userId).collect(Collectors.toSet());
    }

    /** The session was logged out: its sockets on this instance close with 4401 (every instance hears of it). */
    @EventListener
    void endSession(SessionEnded ended) {
        for (Socket socket : open.values()) {
            if (ended.sessionId().equals(socket.sessionId())) {
                open.remove(socket.id());
                socket.close(EventSocket.SESSION_ENDED);
            }
        }
    }

    @Scheduled(fixedDelay = "25s", initialDelay = "25s")
    void heartbeat() {
        for (Socket socket : open.values()) {
            if (socket.silentFor(SILENCE_LIMIT)) {
                LOG.info("Closing an event socket that has been silent for {}s", SILENCE_LIMIT.toSeconds());
                open.remove(socket.id());
                socket.close(SILENT);
            } else {
                socket.ping();
            }
        }
    }

    @PreDestroy
    void closeAll() {
        open.values().forEach(socket -> socket.close(CloseReason.GOING_AWAY));
        open.clear();
    }
}
