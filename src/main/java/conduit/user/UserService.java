package conduit.user;

import conduit.apitoken.ApiTokenService;
import conduit.auth.CurrentUser;
import conduit.system.ForbiddenException;
import conduit.auth.Sessions;
import conduit.idempotency.Once;
import conduit.idempotency.Outcome;
import conduit.system.ConflictException;
import conduit.system.InvalidInputException;
import conduit.system.Problem;
import conduit.system.UnauthenticatedException;
import conduit.system.UniqueViolation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registration, login and changes to one's own account. */
@Singleton
class UserService {

    private static final long NO_ID = -1;
    /** The same answer for an unknown email and a wrong password: no hint whether an account exists. */
    private static final Problem BAD_CREDENTIALS = new Problem("credentials", "invalid");

    private final UserRepository users;
    private final PasswordHasher hasher;

    private final LoginThrottle throttle;
    private final Sessions sessions;
    private final ApiTokenService apiTokens;
    private final TransactionOperations<Connection> transactions;

    UserService(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, Sessions sessions,
                ApiTokenService apiTokens, TransactionOperations<Connection> transactions) {
        this.apiTokens = apiTokens;
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.sessions = sessions;
        this.transactions = transactions;
    }

    /** A new account and its first session. */
    record Registered(UserEntity user, Sessions.Issued session) {
    }

    /**
     * Creates the account and starts its session in one transaction, once per Idempotency-Key if the request had
     * one. The password is hashed before the transaction (Argon2 takes tens of milliseconds and must not hold a
     * connection), so a taken name costs a hash too: checking it earlier would answer a retried registration
     * 409 instead of replaying it.
     */
    Outcome<Registered> register(@Nullable String username, @Nullable String email, @Nullable String password,
                                 Once<Registered, ?> once) {
        String cleanUsername = username == null ? null : username.trim();
        String cleanEmail = email == null ? null : UserRules.normalizeEmail(email);
        List<Problem> problems = new ArrayList<>();
        UserRules.checkUsername(cleanUsername, problems);
        UserRules.checkEmail(cleanEmail, problems);
        UserRules.checkPassword(password, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String hash = hasher.hash(password);
        return transactions.executeWrite(status -> once.run(() -> {
            checkNotTaken(cleanUsername, cleanEmail, NO_ID);
            UserEntity user = saveUnique(() -> users.save(UserEntity.newUser(cleanUsername, cleanEmail, hash)));
            return new Registered(user, sessions.start(user.id()));
        }));
    }

    UserEntity login(@Nullable String email, @Nullable String password, String clientAddress) {
        List<Problem> problems = new ArrayList<>();
        if (email == null || email.isBlank()) {
            problems.add(Problem.blank("email"));
        }
        if (password == null || password.isEmpty()) {
            problems.add(Problem.blank("password"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String account = UserRules.normalizeEmail(email);
        throttle.checkAllowed(clientAddress, account);
        var user = users.findByEmail(account);
        boolean valid = user.isPresent()
                ? hasher.matches(password, user.get().passwordHash())
                : hasher.spendVerificationTime(password);
        if (!valid) {
            throttle.recordFailure(clientAddress, account);
            throw new UnauthenticatedException(BAD_CREDENTIALS);
        }
        return user.get();
    }

    UserEntity current(long userId) {
        // A valid token whose user is gone (deleted account, reset database) is not a valid identity.
        return users.findById(userId).orElseThrow(() -> UnauthenticatedException.token("is invalid"));
    }

    /** The account after a change; a password change also ends every session and starts a new one. */
    record Updated(UserEntity user, Optional<Sessions.Issued> newSession) {
    }

    /** {@code sessionId} is empty for an API token, which may change the profile but not the email or password. */
    Updated update(long userId, Optional<UUID> sessionId, UserChanges changes) {
        UserEntity user = current(userId);
        String username = changes.has("username") ? trimmed(changes.username()) : user.username();
        String email = !changes.has("email") ? user.email()
                : changes.email() == null ? null : UserRules.normalizeEmail(changes.email());
        String bio = changes.has("bio") ? emptyToNull(changes.bio()) : user.bio();
        String image = changes.has("image") ? emptyToNull(trimmed(changes.image())) : user.image();
        boolean newPassword = changes.has("password");
        if (sessionId.isEmpty() && (newPassword || !user.email().equals(email))) {
            throw new ForbiddenException(new Problem("token", CurrentUser.SESSION_NEEDED));
        }

        List<Problem> problems = new ArrayList<>();
        UserRules.checkUsername(username, problems);
        UserRules.checkEmail(email, problems);
        if (newPassword) {
            UserRules.checkPassword(changes.password(), problems);
        }
        if (bio != null) {
            UserRules.checkBio(bio, problems);
        }
        if (image != null) {
            UserRules.checkImage(image, problems);
        }
        if (changes.has("emailNotifications") && changes.emailNotifications() == null) {
            problems.add(Problem.blank("emailNotifications"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        checkNotTaken(username, email, userId);
        boolean emailNotifications = changes.emailNotifications() == null
                ? user.emailNotifications() : changes.emailNotifications();
        // Hash before the transaction: Argon2 takes tens of milliseconds and must not hold a connection.
        String hash = newPassword ? hasher.hash(changes.password()) : user.passwordHash();
        UserEntity changed = new UserEntity(user.id(), username, email, hash, bio, image, emailNotifications,
                user.createdAt(), null);
        return transactions.executeWrite(status -> {
            // Two password changes at once would both answer 200 with a token, and only the last one would work.
            users.lockById(userId);
            sessionId.ifPresent(session -> sessions.requireStillActive(session, userId));
            UserEntity saved = saveUnique(() -> users.update(changed));
            if (!newPassword) {
                return new Updated(saved, Optional.empty());
            }
            // A stolen session could have left an API token behind: the new password ends those too.
            apiTokens.revokeAll(userId);
            return new Updated(saved, Optional.of(sessions.restartAfterPasswordChange(userId)));
        });
    }

    /** A username or email that another account has is a conflict (409), both reported at once. */
    private void checkNotTaken(String username, String email, long exceptId) {
        List<Problem> taken = new ArrayList<>();
        if (users.usernameTaken(username, exceptId)) {
            taken.add(Problem.taken("username"));
        }
        if (users.emailTaken(email, exceptId)) {
            taken.add(Problem.taken("email"));
        }
        if (!taken.isEmpty()) {
            throw new ConflictException(taken);
        }
    }

    private static UserEntity saveUnique(java.util.function.Supplier<UserEntity> write) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            String constraint = UniqueViolation.constraintOf(e).orElseThrow(() -> e);
            // Two requests passed checkNotTaken at the same time; the unique index decided between them.
            throw new ConflictException(List.of(switch (constraint) {
                case "users_email_key" -> Problem.taken("email");
                case "users_username_key" -> Problem.taken("username");
                default -> throw e;
            }));
        }
    }

    private static String emptyToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String trimmed(@Nullable String value) {
        return value == null ? null : value.trim();
    }
}
