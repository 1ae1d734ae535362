package conduit.ratelimit;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The configured limits (application.yml, overridable by CONDUIT_RATE_LIMIT_* variables). */
@Singleton
public final class RateLimits {

    private final boolean enabled;
    private final Limit failedLoginsPerAddress;
    private final Limit failedLoginsPerAccount;
    private final Limit registrationsPerAddress;
    private final Limit writesPerUser;
    private final Limit contactMessagesPerAddress;

    RateLimits(@Value("${conduit.rate-limit.enabled}") boolean enabled,
               @Value("${conduit.rate-limit.failed-logins-per-address}") String failedLoginsPerAddress,
               @Value("${conduit.rate-limit.failed-logins-per-account}") String failedLoginsPerAccount,
               @Value("${conduit.rate-limit.registrations-per-address}") String registrationsPerAddress,
               @Value("${conduit.rate-limit.writes-per-user}") String writesPerUser,
               @Value("${conduit.rate-limit.contact-messages-per-address}") String contactMessagesPerAddress) {
        this.enabled = enabled;
        this.failedLoginsPerAddress = Limit.parse(failedLoginsPerAddress);
        this.failedLoginsPerAccount = Limit.parse(failedLoginsPerAccount);
        this.registrationsPerAddress = Limit.parse(registrationsPerAddress);
        this.writesPerUser = Limit.parse(writesPerUser);
        this.contactMessagesPerAddress = Limit.parse(contactMessagesPerAddress);
    }

    public boolean enabled() {
        return enabled;
    }

    public Limit failedLoginsPerAddress() {
        return failedLoginsPerAddress;
    }

    public Limit failedLoginsPerAccount() {
        return failedLoginsPerAccount;
    }

    public Limit registrationsPerAddress() {
        return registrationsPerAddress;
    }

    public Limit writesPerUser() {
        return writesPerUser;
    }

    public Limit contactMessagesPerAddress() {
        return contactMessagesPerAddress;
    }
}
