package conduit.realtime;

import conduit.api.model.RealtimeEvent;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a notification into an event for this instance's sockets: comments go to sockets
 * subscribed to the article, articles to sockets of the author's followers, new followers to the
 * followee's sockets. Rows are read only when some local socket will receive the event.
 */
@Singleton
class Fanout {

    private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);

    private final Sockets sockets;
    private final JsonMapper json;

    Fanout(Sockets sockets, JsonMapper json) {
        this.sockets = sockets;
        this.json = json;
    }

    void deliver(String payload, Connection connection) throws SQLException {
        Notification notification;
        try {
            notification = json.readValue(payload, Notification.class);
        } catch (IOException e) {
            LOG.warn("Ignoring a malformed event notification: {}", e.getMessage());
            return;
        }
        switch (notification.type()) {
            case Notification.COMMENT_CREATED -> {
                long article = notification.article();
                List<Socket> to = recipients(socket -> socket.isSubscribedTo(article));
                if (!to.isEmpty()) {
                    send(to, EventQueries.comment(connection, notification.comment()));
                }
            }
            case Notification.ARTICLE_CREATED -> {
                Set<Long> candidates = new HashSet<>(sockets.users());
                candidates.remove(notification.author());
                if (!candidates.isEmpty()) {
                    var article = EventQueries.article(connection, notification.article(), candidates);
                    if (article.isPresent()) {
                        Set<Long> followers = article.get().recipients();
                        send(recipients(socket -> followers.contains(socket.userId())), Optional.of(article.get().event()));
                    }
                }
            }
            case Notification.FOLLOWER_ADDED -> {
                long followee = notification.followee();
                List<Socket> to = recipients(socket -> socket.userId() == followee);
                if (!to.isEmpty()) {
                    send(to, EventQueries.follower(connection, notification.follower()));
                }
            }
            // A newer instance may announce events this one does not know yet.
            default -> LOG.debug("Ignoring event notification of type {}", notification.type());
        }
    }

    private List<Socket> recipients(Predicate<Socket> wanted) {
        return sockets.all().stream().filter(wanted).toList();
    }

    private void send(List<Socket> to, Optional<? extends RealtimeEvent> event) {
        if (event.isEmpty() || to.isEmpty()) {
            return;
        }
        String message;
        try {
            message = json.writeValueAsString(Argument.of(RealtimeEvent.class), event.get());
        } catch (IOException e) {
            LOG.error("Could not write event {}", event.get().getType(), e);
            return;
        }
        to.forEach(socket -> socket.send(message));
    }
}
