package conduit.notification;

import conduit.job.Jobs;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Queues the emails users get about their own things: a new follower, a new comment on their article.
 * Called inside the write's transaction. Whether the user wants the email is checked when it is sent,
 * so turning notifications off also stops emails already queued.
 */
@Singleton
public class Notifications {

    private final Jobs jobs;

    Notifications(Jobs jobs) {
        this.jobs = jobs;
    }

    public void followed(long followerId, long followeeId) {
        jobs.enqueue(FollowerMail.KIND, Map.of("followerId", followerId, "followeeId", followeeId));
    }

    public void commented(long commentId) {
        jobs.enqueue(CommentMail.KIND, Map.of("commentId", commentId));
    }
}
