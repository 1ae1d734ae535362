package conduit.realtime;

import conduit.pubsub.Publisher;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Announces writes to every instance ({@link Publisher}), inside the writing transaction, so a rolled-back
 * write announces nothing. Each listening instance's {@link Fanout} loads what its own sockets need.
 */
@Singleton
public class Events {

    static final String CHANNEL = "conduit_events";

    private final Publisher publisher;
    private final JsonMapper json;

    Events(Publisher publisher, JsonMapper json) {
        this.publisher = publisher;
        this.json = json;
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void commentCreated(long commentId, long articleId) {
        publish(Announcement.commentCreated(commentId, articleId));
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void articleCreated(long articleId, long authorId) {
        publish(Announcement.articleCreated(articleId, authorId));
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void followed(long followerId, long followeeId) {
        publish(Announcement.followerAdded(followerId, followeeId));
    }

    private void publish(Announcement announcement) {
        try {
            publisher.publish(CHANNEL, json.writeValueAsString(announcement));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
