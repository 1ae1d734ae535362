package conduit.notification;

import conduit.job.JobHandler;
import conduit.job.JobPayload;
import conduit.mail.Mail;
import conduit.mail.Mailer;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Job: "jake started following you". Skipped if the follow is gone again or the user opted out. */
@Singleton
class FollowerMail implements JobHandler {

    static final String KIND = "notification.follower";

    private final NotificationQueries queries;
    private final NotificationLog log;
    private final Mailer mailer;
    private final String siteName;

    FollowerMail(NotificationQueries queries, NotificationLog log, Mailer mailer,
                 @Value("${conduit.mail.site-name}") String siteName) {
        this.queries = queries;
        this.log = log;
        this.mailer = mailer;
        this.siteName = siteName;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void run(JobPayload payload) throws Exception {
        long followerId = payload.getLong("followerId");
        long followeeId = payload.getLong("followeeId");
        // Unfollowed before the mail went out: nothing is said, and a follow after this one is news again.
        var found = log.stillNews(followeeId, Notifications.followerCause(followerId),
                () -> queries.follow(followerId, followeeId));
        if (found.isEmpty()) {
            return;
        }
        var follow = found.get();
        mailer.send(new Mail(follow.recipientEmail(), follow.followerName() + " is now following you on " + siteName,
                "Hello " + follow.recipientName() + ",\n\n"
                        + follow.followerName() + " started following you on " + siteName + ", so your new articles\n"
                        + "now appear in their feed.\n\n"
                        + UnsubscribeNote.TEXT));
    }
}
