package conduit.contact;

import conduit.job.JobHandler;
import conduit.job.JobPayload;
import conduit.mail.Mail;
import conduit.mail.Mailer;
import jakarta.inject.Singleton;

/** Job: forwards a contact message to the site's owner (CONDUIT_CONTACT_OWNER_EMAIL). */
@Singleton
final class ContactOwnerNotification implements JobHandler {

    static final String KIND = "contact.notify-owner";

    private final ContactQueries messages;
    private final Mailer mailer;
    private final ContactSettings settings;

    ContactOwnerNotification(ContactQueries messages, Mailer mailer, ContactSettings settings) {
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
        mailer.send(new Mail(settings.ownerEmail(), "Contact #" + message.id() + ": " + message.subject(),
                "From: " + message.name() + " <" + message.email() + ">\n"
                        + "Subject: " + message.subject() + "\n\n"
                        + message.message() + "\n"));
    }
}
