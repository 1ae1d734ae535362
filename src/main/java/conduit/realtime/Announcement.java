package conduit.realtime;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What {@link Events} publishes about a write: its type and the ids it is about, never the rows (a message is
 * at most 8000 bytes). Not a "notification": that word is the notification feature's, which sends email.
 */
@Serdeable
record Announcement(String type, @Nullable Long comment, @Nullable Long article, @Nullable Long author,
                    @Nullable Long follower, @Nullable Long followee) {

    static final String COMMENT_CREATED = "comment.created";
    static final String ARTICLE_CREATED = "article.created";
    static final String FOLLOWER_ADDED = "follower.added";

    static Announcement commentCreated(long comment, long article) {
        return new Announcement(COMMENT_CREATED, comment, article, null, null, null);
    }

    static Announcement articleCreated(long article, long author) {
        return new Announcement(ARTICLE_CREATED, null, article, author, null, null);
    }

    static Announcement followerAdded(long follower, long followee) {
        return new Announcement(FOLLOWER_ADDED, null, null, null, follower, followee);
    }
}
