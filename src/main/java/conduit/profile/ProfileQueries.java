package conduit.profile;

import conduit.database.Sql;
import jakarta.inject.Singleton;

import java.util.Optional;

/** The profile feature's SQL: profiles as a viewer sees them, and follows. */
@Singleton
class ProfileQueries {

    private final Sql sql;

    ProfileQueries(Sql sql) {
        this.sql = sql;
    }

    Optional<ProfileView> byUsername(String username, long viewerId) {
        return sql.first("SELECT " + ProfileRow.columns("u", "") + " FROM users u WHERE lower(u.username) = lower(?)",
                ProfileRow.reader(""), viewerId, username);
    }

    /** True if the follow is new, false if it existed already. */
    boolean follow(long followerId, long followeeId) {
        return sql.update("INSERT INTO follows (follower_id, followee_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                followerId, followeeId) == 1;
    }

    void unfollow(long followerId, long followeeId) {
        sql.update("DELETE FROM follows WHERE follower_id = ? AND followee_id = ?", followerId, followeeId);
    }
}
