package conduit.realtime;

import conduit.api.model.RealtimeEvent;
import conduit.pubsub.Subscriber;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns an {@link Announcement} into an event for this instance's sockets: comments go to sockets
 * subscribed to the article, articles to sockets of the author's followers, new followers to the
 * followee's sockets. Rows are read only when some local socket will receive the event.
 */
@Singleton
class Fanout implements Subscriber {

    private static final Logger LOG = LoggerFactory.getLogger(Fanout.class);

    private final Sockets sockets;
    private final JsonMapper json;

    Fanout(Sockets sockets, JsonMapper json) {
        this.sockets = sockets;
        this.json = json;
    }

    @Override
    public String channel() {
        return Events.CHANNEL;
    }

    /** Reads on the listener's connection: one statement per announcement, and none when no socket here wants it. */
    @Override
    public void receive(String payload, Connection connection) {
        Announcement announcement;
        try {
            announcement = json.readValue(payload, Announcement.class);
        } catch (IOException e) {
            LOG.warn("Ignoring a malformed announcement: {}", e.getMessage());
            return;
        }
        switch (announcement.type()) {
            case Announcement.COMMENT_CREATED -> {
                long article = announcement.article();
                List<Socket> to = recipients(socket -> socket.isSubscribedTo(article));
                if (!to.isEmpty()) {
                    send(to, RealtimeQueries.comment(connection, announcement.comment()).map(EventMapper::commentCreated));
                }
            }
            case Announcement.ARTICLE_CREATED -> {
                Set<Long> candidates = new HashSet<>(sockets.users());
                candidates.remove(announcement.author());
                if (!candidates.isEmpty()) {
                    var article = RealtimeQueries.article(connection, announcement.article(), candidates);
                    if (article.isPresent()) {
                        Set<Long> followers = article.get().recipients();
                        send(recipients(socket -> followers.contains(socket.userId())),
                                Optional.of(EventMapper.articleCreated(article.get().article())));
                    }
                }
            }
            case Announcement.FOLLOWER_ADDED -> {
                long followee = announcement.followee();
                List<Socket> to = recipients(socket -> socket.userId() == followee);
                if (!to.isEmpty()) {
                    send(to, RealtimeQueries.follower(connection, announcement.follower()).map(EventMapper::followerAdded));
                }
            }
            // A newer instance may announce events this one does not know yet.
            default -> LOG.debug("Ignoring an announcement of type {}", announcement.type());
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
