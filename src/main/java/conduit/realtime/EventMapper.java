package conduit.realtime;

import conduit.api.model.ArticleCreatedEvent;
import conduit.api.model.CommentCreatedEvent;
import conduit.api.model.FollowerAddedEvent;
import conduit.api.model.RealtimeArticle;
import conduit.api.model.RealtimeComment;
import conduit.api.model.RealtimeProfile;

import java.time.ZoneOffset;

/** The events of the contract's event WebSocket, from what {@link RealtimeQueries} read. */
final class EventMapper {

    private EventMapper() {
    }

    static CommentCreatedEvent commentCreated(RealtimeQueries.Comment comment) {
        var wire = new RealtimeComment(comment.id(), comment.body(), comment.createdAt().atOffset(ZoneOffset.UTC),
                profile(comment.author()));
        return new CommentCreatedEvent(article(comment.article()), wire).type(Announcement.COMMENT_CREATED);
    }

    static ArticleCreatedEvent articleCreated(RealtimeQueries.Article article) {
        return new ArticleCreatedEvent(article(article)).type(Announcement.ARTICLE_CREATED);
    }

    static FollowerAddedEvent followerAdded(RealtimeQueries.Profile follower) {
        return new FollowerAddedEvent(profile(follower)).type(Announcement.FOLLOWER_ADDED);
    }

    private static RealtimeArticle article(RealtimeQueries.Article article) {
        return new RealtimeArticle(article.slug(), article.title(), article.description(), profile(article.author()));
    }

    private static RealtimeProfile profile(RealtimeQueries.Profile profile) {
        return new RealtimeProfile(profile.username(), profile.bio(), profile.image());
    }
}
