package conduit.notification;

import conduit.job.Jobs;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Queues the emails users get about their own things: a new follower, a new comment on their article.
 * Called inside the write's transaction; {@link NotificationLog} keeps a cause from being mailed twice within
 * the repeat window and bounds how many a recipient gets per hour. Whether the user wants the email is checked when it is sent,
 * so turning notifications off also stops emails already queued.
 */
@Singleton
public class Notifications {

    private final Jobs jobs;
    private final NotificationLog log;
    private final NotificationQueries queries;

    Notifications(Jobs jobs, NotificationLog log, NotificationQueries queries) {
        this.jobs = jobs;
        this.log = log;
        this.queries = queries;
    }

    /** Following, unfollowing and following again is news once per repeat window, not each time. */
    public void followed(long followerId, long followeeId) {
        if (log.claim(followeeId, followerCause(followerId))) {
            jobs.enqueue(FollowerMail.KIND, Map.of("followerId", followerId, "followeeId", followeeId));
        }
    }

    static String followerCause(long followerId) {
        return "follower:" + followerId;
    }

    public void commented(long commentId) {
        if (queries.articleAuthorOf(commentId).stream().anyMatch(author -> log.claim(author, "comment:" + commentId))) {
            jobs.enqueue(CommentMail.KIND, Map.of("commentId", commentId));
        }
    }
}
