package conduit.user;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argon2id at the OWASP Password Storage Cheat Sheet's first recommended setting:
 * 19 MiB of memory, 2 iterations, 1 lane. Hashes are PHC strings that carry their own
 * parameters, so stronger settings later still verify the hashes stored today.
 *
 * <p>At most one hash per core runs at a time; further callers queue. Argon2 is CPU-bound, so more
 * at once only time-slice the same cores: throughput stays and every caller waits longer. Each of those
 * at most one-per-core hashes works in a 19 MiB area kept for the next one ({@link Argon2id}), made on
 * first use: a burst of logins costs the hashes' CPU, not a collector copying their memory.
 */
@Singleton
final class PasswordHasher {

    static final Argon2id.Parameters OWASP = new Argon2id.Parameters(19 * 1024, 2, 1, 32);
    private static final int SALT_BYTES = 16;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{6,128})");
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final Semaphore cores = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    /** Areas for OWASP-sized hashes, one per hash that has run at once: at most one per core. */
    private final ConcurrentLinkedQueue<Argon2id> areas = new ConcurrentLinkedQueue<>();

    /** Verified against when the email is unknown, so both cases cost the same time. */
    private final String decoyHash = hash("decoy-password-for-unknown-accounts");

    /** A PHC string: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, Base64 without padding. */
    String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] tag = onACore(OWASP, hasher -> hasher.hash(OWASP, utf8(password), salt));
        return "$argon2id$v=" + Argon2id.VERSION + "$m=" + OWASP.memoryKiB() + ",t=" + OWASP.iterations()
                + ",p=" + OWASP.lanes() + "$" + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(tag);
    }

    /** False for a wrong password, and for a stored value that is not an Argon2id hash this class can check. */
    boolean matches(String password, String storedHash) {
        Optional<Stored> stored = Stored.parse(storedHash);
        if (stored.isEmpty()) {
            return false;
        }
        Stored s = stored.get();
        byte[] tag = onACore(s.parameters(), hasher -> hasher.hash(s.parameters(), utf8(password), s.salt()));
        return MessageDigest.isEqual(tag, s.tag());
    }

    /** Costs what a real verification costs, and always fails. */
    boolean spendVerificationTime(String password) {
        matches(password, decoyHash);
        return false;
    }

    private byte[] onACore(Argon2id.Parameters parameters, Function<Argon2id, byte[]> work) {
        cores.acquireUninterruptibly();
        try {
            if (Argon2id.areaLongs(parameters) > Argon2id.areaLongs(OWASP)) {
                // Stronger than today's setting: an area for this hash alone.
                return work.apply(new Argon2id(new long[Argon2id.areaLongs(parameters)]));
            }
            Argon2id hasher = areas.poll();
            if (hasher == null) {
                hasher = new Argon2id(new long[Argon2id.areaLongs(OWASP)]);
            }
            try {
                return work.apply(hasher);
            } finally {
                areas.add(hasher);
            }
        } finally {
            cores.release();
        }
    }

    private static byte[] utf8(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /** A stored PHC string, taken apart. */
    record Stored(Argon2id.Parameters parameters, byte[] salt, byte[] tag) {

        static Optional<Stored> parse(String phc) {
            Matcher m = PHC.matcher(phc);
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                byte[] tag = Base64.getDecoder().decode(m.group(5));
                var parameters = new Argon2id.Parameters(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), tag.length);
                return Optional.of(new Stored(parameters, Base64.getDecoder().decode(m.group(4)), tag));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
