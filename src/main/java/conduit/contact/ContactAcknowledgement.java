package conduit.contact;

import conduit.job.JobHandler;
import conduit.job.JobPayload;
import conduit.mail.Mail;
import conduit.mail.Mailer;
import jakarta.inject.Singleton;

/**
 * Job: tells the sender their message arrived. It goes to whatever address the form was given, so it repeats
 * nothing the sender wrote: the form cannot be used to mail arbitrary text to strangers.
 */
@Singleton
final class ContactAcknowledgement implements JobHandler {

    static final String KIND = "contact.acknowledge";

    private final ContactQueries messages;
    private final Mailer mailer;
    private final ContactSettings settings;

    ContactAcknowledgement(ContactQueries messages, Mailer mailer, ContactSettings settings) {
        this.messages = messages;
        this.mailer = mailer;
        this.settings = settings;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void run(JobPayload payload) throws Exception {
        var found = messages.find(payload.getLong("messageId"));
        if (found.isEmpty()) {
            return;
        }
        var message = found.get();
        mailer.send(new Mail(message.email(), "We received your message (#" + message.id() + ")",
                "Hello,\n\n"
                        + "thank you for writing to " + settings.siteName() + ". We received your message and will answer\n"
                        + "as soon as we can. Its reference number is #" + message.id() + ".\n\n"
                        + "If you did not write to us, someone else entered your address; you can ignore this email.\n"));
    }
}
