package conduit.mail;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * Sends mail over SMTP (CONDUIT_SMTP_*). Only background jobs call it, so a slow or unreachable mail server
 * never delays a response: a failed send throws, and the job retries later. Without CONDUIT_SMTP_HOST every
 * send fails with a clear message (the jobs go dead and are visible), rather than dropping mail silently; work that
 * only exists to send mail (notifications) checks {@link #configured()} and is not queued at all.
 */
@Singleton
public final class Mailer {

    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);

    private final String host;
    private final Session session;
    private final InternetAddress from;

    Mailer(@Value("${conduit.mail.smtp.host}") String host,
           @Value("${conduit.mail.smtp.port}") int port,
           @Value("${conduit.mail.smtp.username}") String username,
           @Value("${conduit.mail.smtp.password}") String password,
           @Value("${conduit.mail.smtp.starttls}") boolean startTls,
           @Value("${conduit.mail.smtp.timeout}") Duration timeout,
           @Value("${conduit.mail.from}") String from) throws AddressException {
        this.host = host;
        this.from = new InternetAddress(from, true);
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", host);
        properties.put("mail.smtp.port", Integer.toString(port));
        properties.put("mail.smtp.connectiontimeout", Long.toString(timeout.toMillis()));
        properties.put("mail.smtp.timeout", Long.toString(timeout.toMillis()));
        properties.put("mail.smtp.writetimeout", Long.toString(timeout.toMillis()));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
        properties.put("mail.smtp.starttls.required", Boolean.toString(startTls));
        boolean authenticate = !username.isEmpty();
        properties.put("mail.smtp.auth", Boolean.toString(authenticate));
        this.session = Session.getInstance(properties, authenticate ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(username, password);
            }
        } : null);
    }

    @EventListener
    void warnIfUnconfigured(StartupEvent event) {
        if (host.isEmpty()) {
            LOG.warn("CONDUIT_SMTP_HOST is not set: no notification emails are queued, and contact emails cannot be"
                    + " sent (their jobs fail and end up dead)");
        }
    }

    /** Whether mail can be sent at all (CONDUIT_SMTP_HOST is set); work that only sends mail is not queued without it. */
    public boolean configured() {
        return !host.isEmpty();
    }

    public void send(Mail mail) throws MessagingException {
        if (host.isEmpty()) {
            throw new MessagingException("SMTP is not configured (set CONDUIT_SMTP_HOST)");
        }
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(oneLine(mail.subject()), StandardCharsets.UTF_8.name());
        message.setText(mail.text(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        Transport.send(message);
    }

    /** Subjects are built from user input: never let a line break reach a header. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
