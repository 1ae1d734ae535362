package conduit.profile;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

@Singleton
class ProfileQueries {

    /** -1 never matches a user id, so anonymous viewers follow nobody. */
    static final long ANONYMOUS = -1;

    private final JdbcOperations jdbc;

    ProfileQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ProfileView> byUsername(String username, long viewerId) {
        return jdbc.prepareStatement("""
                SELECT u.id, u.username, u.bio, u.image,
                       EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id = u.id) AS following
                FROM users u
                WHERE lower(u.username) = lower(?)
                """, statement -> {
            statement.setLong(1, viewerId);
            statement.setString(2, username);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        });
    }

    /** True when this made the follow; false when it already existed. */
    boolean follow(long followerId, long followeeId) {
        return jdbc.prepareStatement("""
                INSERT INTO follows (follower_id, followee_id) VALUES (?, ?) ON CONFLICT DO NOTHING
                """, statement -> {
            statement.setLong(1, followerId);
            statement.setLong(2, followeeId);
            return statement.executeUpdate() == 1;
        });
    }

    void unfollow(long followerId, long followeeId) {
        jdbc.prepareStatement("DELETE FROM follows WHERE follower_id = ? AND followee_id = ?", statement -> {
            statement.setLong(1, followerId);
            statement.setLong(2, followeeId);
            return statement.executeUpdate();
        });
    }

    private static ProfileView read(ResultSet row) throws SQLException {
        return new ProfileView(row.getLong("id"), row.getString("username"), row.getString("bio"),
                row.getString("image"), row.getBoolean("following"));
    }
}
