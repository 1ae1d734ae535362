package conduit.user;

import conduit.auth.Sessions;
import conduit.system.InvalidInputException;
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

/** Registration, login and changes to one's own account. */
@Singleton
class UserService {

    private static final long NO_ID = -1;
    private static final String BAD_CREDENTIALS = "email or password is invalid";

    private final UserRepository users;
    private final PasswordHasher hasher;

    private final LoginThrottle throttle;
    private final Sessions sessions;
    private final TransactionOperations<Connection> transactions;

    UserService(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, Sessions sessions,
                TransactionOperations<Connection> transactions) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.sessions = sessions;
        this.transactions = transactions;
    }

    UserEntity register(@Nullable String username, @Nullable String email, @Nullable String password) {
        String cleanUsername = username == null ? null : username.trim();
        String cleanEmail = email == null ? null : UserRules.normalizeEmail(email);
        List<String> problems = new ArrayList<>();
        UserRules.checkUsername(cleanUsername, problems);
        UserRules.checkEmail(cleanEmail, problems);
        UserRules.checkPassword(password, problems);
        if (problems.isEmpty()) {
            checkNotTaken(cleanUsername, cleanEmail, NO_ID, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        // Hash before touching the database: Argon2 takes tens of milliseconds and must not hold a connection.
        String hash = hasher.hash(password);
        return saveUnique(() -> users.save(UserEntity.newUser(cleanUsername, cleanEmail, hash)));
    }

    UserEntity login(@Nullable String email, @Nullable String password, String clientAddress) {
        List<String> problems = new ArrayList<>();
        if (email == null || email.isBlank()) {
            problems.add("email can't be blank");
        }
        if (password == null || password.isEmpty()) {
            problems.add("password can't be blank");
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

    UserEntity byUsername(String username) {
        return users.findByUsernameIgnoreCase(username).orElseThrow(() -> new UnauthenticatedException("user no longer exists"));
    }

    UserEntity current(long userId) {
        // A valid token whose user is gone (deleted account, reset database) is not a valid identity.
        return users.findById(userId).orElseThrow(() -> new UnauthenticatedException("user no longer exists"));
    }

    /** The account after a change; a password change also ends every session and starts a new one. */
    record Updated(UserEntity user, Optional<Sessions.Issued> newSession) {
    }

    Updated update(long userId, UserChanges changes) {
        UserEntity user = current(userId);
        String username = changes.username() == null ? user.username() : changes.username().trim();
        String email = changes.email() == null ? user.email() : UserRules.normalizeEmail(changes.email());
        String bio = changes.bio() == null ? user.bio() : emptyToNull(changes.bio());
        String image = changes.image() == null ? user.image() : emptyToNull(changes.image().trim());
        boolean newPassword = changes.password() != null && !changes.password().isEmpty();

        List<String> problems = new ArrayList<>();
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
        if (problems.isEmpty()) {
            checkNotTaken(username, email, userId, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        boolean emailNotifications = changes.emailNotifications() == null
                ? user.emailNotifications() : changes.emailNotifications();
        // Hash before the transaction: Argon2 takes tens of milliseconds and must not hold a connection.
        String hash = newPassword ? hasher.hash(changes.password()) : user.passwordHash();
        UserEntity changed = new UserEntity(user.id(), username, email, hash, bio, image, emailNotifications,
                user.createdAt(), null);
        return transactions.executeWrite(status -> {
            UserEntity saved = saveUnique(() -> users.update(changed));
            return new Updated(saved, newPassword ? Optional.of(sessions.restartAfterPasswordChange(userId)) : Optional.empty());
        });
    }

    private void checkNotTaken(String username, String email, long exceptId, List<String> problems) {
        if (users.emailTaken(email, exceptId)) {
            problems.add("email has already been taken");
        }
        if (users.usernameTaken(username, exceptId)) {
            problems.add("username has already been taken");
        }
    }

    private static UserEntity saveUnique(java.util.function.Supplier<UserEntity> write) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            String constraint = UniqueViolation.constraintOf(e).orElseThrow(() -> e);
            throw new InvalidInputException(switch (constraint) {
                case "users_email_key" -> "email has already been taken";
                case "users_username_key" -> "username has already been taken";
                default -> throw e;
            });
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
