package conduit.comment;

import conduit.consistency.ReplicaRead;
import conduit.system.Problem;
import conduit.article.ArticleService;
import conduit.notification.Notifications;
import conduit.profile.ProfileRow;
import conduit.idempotency.Once;
import conduit.idempotency.Outcome;
import conduit.realtime.Events;
import conduit.webhook.WebhookEvents;
import conduit.system.ForbiddenException;
import conduit.system.InvalidInputException;
import conduit.system.NotFoundException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.OptionalLong;

@Singleton
class CommentService {

    static final int BODY_MAX = 10_000;

    private final ArticleService articles;
    private final CommentQueries comments;
    private final Notifications notifications;
    private final Events events;
    private final WebhookEvents webhooks;

    CommentService(ArticleService articles, CommentQueries comments, Notifications notifications, Events events,
                   WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.articles = articles;
        this.comments = comments;
        this.notifications = notifications;
        this.events = events;
    }

    @ReplicaRead
    @Transactional(readOnly = true)
    List<CommentView> list(String slug, OptionalLong viewerId) {
        return comments.forArticle(articles.idOf(slug), viewerId.orElse(ProfileRow.ANONYMOUS));
    }

    /** Once per Idempotency-Key, if the request had one. */
    @Transactional
    Outcome<CommentView> add(long authorId, String slug, @Nullable String body, Once<CommentView, ?> once) {
        return once.run(() -> insert(authorId, slug, body));
    }

    private CommentView insert(long authorId, String slug, @Nullable String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException(Problem.blank("body"));
        }
        if (body.length() > BODY_MAX) {
            throw new InvalidInputException(Problem.tooLong("body", BODY_MAX));
        }
        var added = comments.insert(slug, authorId, body).orElseThrow(() -> new NotFoundException("article"));
        CommentView comment = added.comment();
        notifications.commented(comment.id());
        events.commentCreated(comment.id(), added.articleId());
        webhooks.commentCreated(comment.id());
        return comment;
    }

    @Transactional
    void delete(long userId, String slug, long commentId) {
        var comment = comments.find(articles.idOf(slug), commentId)
                .orElseThrow(() -> new NotFoundException("comment"));
        if (comment.authorId() != userId) {
            throw new ForbiddenException("comment");
        }
        comments.delete(comment.id());
    }
}
