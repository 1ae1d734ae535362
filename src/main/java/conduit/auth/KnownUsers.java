package conduit.auth;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a token's user still exists. A JWT stays valid after its account is gone (or the database
 * was reset), and a write for a missing user must be 401, not a foreign-key 500. Confirmed ids are
 * remembered for a minute, so a signed-in request costs no extra query in the common case.
 */
@Singleton
class KnownUsers {

    private static final long REMEMBER_NANOS = 60_000_000_000L;
    private static final int MAX_REMEMBERED = 100_000;

    private final JdbcOperations jdbc;
    private final Map<Long, Long> confirmedUntil = new ConcurrentHashMap<>();

    KnownUsers(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(long userId) {
        long now = System.nanoTime();
        Long until = confirmedUntil.get(userId);
        if (until != null && until - now > 0) {
            return true;
        }
        boolean exists = lookUp(userId);
        if (exists) {
            if (confirmedUntil.size() >= MAX_REMEMBERED) {
                confirmedUntil.clear();
            }
            confirmedUntil.put(userId, now + REMEMBER_NANOS);
        }
        return exists;
    }

    @Transactional(readOnly = true)
    protected boolean lookUp(long userId) {
        return jdbc.prepareStatement("SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)", statement -> {
            statement.setLong(1, userId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        });
    }
}
