package conduit.realtime;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A NOTIFY payload from {@link Events}: the event's type and the ids it is about. */
@Serdeable
record Notification(String type, @Nullable Long comment, @Nullable Long article, @Nullable Long author,
                    @Nullable Long follower, @Nullable Long followee) {

    static final String COMMENT_CREATED = "comment.created";
    static final String ARTICLE_CREATED = "article.created";
    static final String FOLLOWER_ADDED = "follower.added";
}
