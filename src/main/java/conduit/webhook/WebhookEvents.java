package conduit.webhook;

import conduit.job.Jobs;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What features tell webhooks, inside the transaction of the write: the event is recorded as it is now (an article
 * about to be deleted included) and a delivery job queued per endpoint that wants it, so they commit with the write
 * or not at all. When no endpoint wants the event, this costs one indexed query and writes nothing.
 */
@Singleton
public class WebhookEvents {

    static final String ARTICLE_CREATED = "article.created";
    static final String ARTICLE_UPDATED = "article.updated";
    static final String ARTICLE_DELETED = "article.deleted";
    static final String COMMENT_CREATED = "comment.created";
    static final String FOLLOWER_ADDED = "follower.added";
    static final List<String> TYPES = List.of(ARTICLE_CREATED, ARTICLE_UPDATED, ARTICLE_DELETED, COMMENT_CREATED,
            FOLLOWER_ADDED);

    private final WebhookQueries queries;
    private final Jobs jobs;

    WebhookEvents(WebhookQueries queries, Jobs jobs) {
        this.queries = queries;
        this.jobs = jobs;
    }

    /** To the endpoints of the author's followers. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void articleCreated(long articleId, long authorId) {
        article(ARTICLE_CREATED, articleId, authorId);
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void articleUpdated(long articleId, long authorId) {
        article(ARTICLE_UPDATED, articleId, authorId);
    }

    /** Call before the article is deleted, in the same transaction: the event describes it as it was. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void articleDeleted(long articleId, long authorId) {
        article(ARTICLE_DELETED, articleId, authorId);
    }

    /** To the endpoints of the article's author. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void commentCreated(long commentId) {
        send(COMMENT_CREATED, queries.endpointsOfArticleAuthor(commentId, COMMENT_CREATED),
                id -> queries.insertCommentEvent(id, COMMENT_CREATED, commentId));
    }

    /** To the endpoints of the user who was followed. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void followerAdded(long followerId, long followeeId) {
        send(FOLLOWER_ADDED, queries.endpointsOfUser(followeeId, FOLLOWER_ADDED),
                id -> queries.insertFollowerEvent(id, FOLLOWER_ADDED, followerId));
    }

    private void article(String type, long articleId, long authorId) {
        send(type, queries.endpointsOfFollowers(authorId, type), id -> queries.insertArticleEvent(id, type, articleId));
    }

    private void send(String type, List<Long> endpoints, Consumer<UUID> record) {
        if (endpoints.isEmpty()) {
            return;
        }
        UUID eventId = UUID.randomUUID();
        record.accept(eventId);
        for (long endpoint : endpoints) {
            long delivery = queries.insertDelivery(endpoint, eventId);
            jobs.enqueue(WebhookDelivery.KIND, Map.of("deliveryId", delivery));
        }
    }
}
