package conduit.webhook;

import conduit.job.JobHandler;
import conduit.job.JobPayload;
import conduit.mail.Mail;
import conduit.mail.Mailer;
import jakarta.inject.Singleton;

/** Job: tells an endpoint's owner that it was disabled, and what to do. */
@Singleton
final class WebhookDisabledMail implements JobHandler {

    static final String KIND = "webhook.disabled-mail";

    private final WebhookQueries queries;
    private final Mailer mailer;
    private final WebhookSettings settings;

    WebhookDisabledMail(WebhookQueries queries, Mailer mailer, WebhookSettings settings) {
        this.queries = queries;
        this.mailer = mailer;
        this.settings = settings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void run(JobPayload payload) throws Exception {
        var owner = queries.owner(payload.getLong("endpointId"));
        if (owner.isEmpty()) {
            return;
        }
        mailer.send(new Mail(owner.get().email(), "Your webhook endpoint was disabled",
                "Hello " + owner.get().username() + ",\n\n"
                        + "the last " + settings.disableAfter + " deliveries to your webhook endpoint\n\n    "
                        + owner.get().url() + "\n\n"
                        + "failed after every retry, so it no longer receives events. Its delivery log\n"
                        + "(GET /api/user/webhooks/{id}/deliveries) shows each attempt and its error. When the endpoint\n"
                        + "works again, delete it and register it anew.\n"));
    }
}
