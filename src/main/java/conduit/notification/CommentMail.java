package conduit.notification;

import conduit.job.JobHandler;
import conduit.job.JobPayload;
import conduit.mail.Mail;
import conduit.mail.Mailer;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * Job: "jake commented on your article". Skipped if the comment was deleted meanwhile, if authors comment on
 * their own article, or if the article's author opted out. Quotes at most 500 characters of the comment.
 */
@Singleton
class CommentMail implements JobHandler {

    static final String KIND = "notification.comment";
    private static final int QUOTE_MAX = 500;

    private final NotificationQueries queries;
    private final Mailer mailer;
    private final String siteName;

    CommentMail(NotificationQueries queries, Mailer mailer, @Value("${conduit.mail.site-name}") String siteName) {
        this.queries = queries;
        this.mailer = mailer;
        this.siteName = siteName;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void run(JobPayload payload) throws Exception {
        var found = queries.comment(payload.getLong("commentId"));
        if (found.isEmpty()) {
            return;
        }
        var comment = found.get();
        String quote = comment.body().length() <= QUOTE_MAX ? comment.body() : comment.body().substring(0, QUOTE_MAX) + "…";
        mailer.send(new Mail(comment.recipientEmail(), comment.commenterName() + " commented on \"" + comment.articleTitle() + "\"",
                "Hello " + comment.recipientName() + ",\n\n"
                        + comment.commenterName() + " commented on your article \"" + comment.articleTitle() + "\" ("
                        + comment.articleSlug() + ") on " + siteName + ":\n\n"
                        + quote.indent(4) + "\n"
                        + UnsubscribeNote.TEXT));
    }
}
