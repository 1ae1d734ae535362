package conduit.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import jakarta.inject.Singleton;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Argon2id at the OWASP Password Storage Cheat Sheet's first recommended setting:
 * 19 MiB of memory, 2 iterations, 1 lane. Hashes are PHC strings that carry their own
 * parameters, so stronger settings later still verify the hashes stored today.
 *
 * <p>At most one hash per core runs at a time; further callers queue. Argon2 is CPU-bound, so more
 * at once only time-slice the same cores: throughput stays, every caller waits longer, and each
 * running hash holds its 19 MiB, so a burst of logins would grow the heap by 19 MiB per request.
 */
@Singleton
final class PasswordHasher {

    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int HASH_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final Argon2Function ARGON2ID =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES, Argon2.ID, 19);

    private final Semaphore cores = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    /** Verified against when the email is unknown, so both cases cost the same time. */
    private final String decoyHash = hash("decoy-password-for-unknown-accounts");

    String hash(String password) {
        return onACore(() -> Password.hash(password).addRandomSalt(SALT_BYTES).with(ARGON2ID).getResult());
    }

    boolean matches(String password, String storedHash) {
        return onACore(() -> Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash)));
    }

    /** Costs what a real verification costs, and always fails. */
    boolean spendVerificationTime(String password) {
        matches(password, decoyHash);
        return false;
    }

    private <T> T onACore(Supplier<T> work) {
        cores.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            cores.release();
        }
    }
}
