package conduit.notification;

import conduit.job.Jobs;
import conduit.mail.Mailer;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Queues the emails users get about their own things: a new follower, a new comment on their article.
 * Called inside the write's transaction; {@link NotificationLog} keeps a cause from being mailed twice within
 * the repeat window and bounds how many a recipient gets per hour. Whether the user wants the email is checked when it is sent,
 * so turning notifications off also stops emails already queued. Without an SMTP server (CONDUIT_SMTP_HOST unset)
 * nothing is queued: a job that can only fail would retry for hours and pile up under a steady stream of writes.
 */
@Singleton
public class Notifications {

    private final Jobs jobs;
    private final NotificationLog log;
    private final NotificationQueries queries;
    private final Mailer mailer;

    Notifications(Jobs jobs, NotificationLog log, NotificationQueries queries, Mailer mailer) {
        this.jobs = jobs;
        this.log = log;
        this.queries = queries;
        this.mailer = mailer;
    }

    /** Following, unfollowing and following again is news once per repeat window, not each time. */
    public void followed(long followerId, long followeeId) {
        if (mailer.configured() && log.claim(followeeId, followerCause(followerId))) {
            jobs.enqueue(FollowerMail.KIND, Map.of("followerId", followerId, "followeeId", followeeId));
        }
    }

    static String followerCause(long followerId) {
        return "follower:" + followerId;
    }

    public void commented(long commentId) {
        if (mailer.configured() && queries.articleAuthorOf(commentId).stream().anyMatch(author -> log.claim(author, "comment:" + commentId))) {
            jobs.enqueue(CommentMail.KIND, Map.of("commentId", commentId));
        }
    }
}
