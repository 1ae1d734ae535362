package conduit.contact;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where contact messages go: CONDUIT_CONTACT_OWNER_EMAIL, the site owner's address. */
@Singleton
final class ContactSettings {

    private static final Logger LOG = LoggerFactory.getLogger(ContactSettings.class);

    private final String ownerEmail;
    private final String siteName;

    ContactSettings(@Value("${conduit.contact.owner-email}") String ownerEmail,
                    @Value("${conduit.mail.site-name}") String siteName) {
        this.ownerEmail = ownerEmail.strip();
        this.siteName = siteName;
    }

    @EventListener
    void warnIfUnconfigured(StartupEvent event) {
        if (ownerEmail.isEmpty()) {
            LOG.warn("CONDUIT_CONTACT_OWNER_EMAIL is not set: contact messages are stored and acknowledged, but nobody is notified");
        }
    }

    boolean ownerConfigured() {
        return !ownerEmail.isEmpty();
    }

    String ownerEmail() {
        return ownerEmail;
    }

    String siteName() {
        return siteName;
    }
}
