package conduit.realtime;

import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The real-time feature's SQL. Tickets and subscriptions run on the pool, in the caller's transaction. What an
 * event says is read on the listener's own connection (the static methods, given that connection): one
 * statement per announcement; a row deleted between the write and the announcement yields nothing, and nothing is
 * sent. {@link EventMapper} turns these records into the events the contract describes. Articles are read here
 * rather than through the article feature, which itself announces its writes through this one ({@link Events}):
 * features form a ladder, not a circle.
 */
@Singleton
class RealtimeQueries {

    record Profile(String username, String bio, String image) {
    }

    record Article(String slug, String title, String description, Profile author) {
    }

    record Comment(long id, String body, Instant createdAt, Profile author, Article article) {
    }

    /** A new article, and which of the candidate users follow its author. */
    record NewArticle(Article article, Set<Long> recipients) {
    }

    /** Whose socket a consumed ticket opens: a user, in one of their sessions. */
    record Holder(long userId, UUID sessionId) {
    }

    private final Sql sql;

    RealtimeQueries(Sql sql) {
        this.sql = sql;
    }

    /** Unused tickets are swept as new ones are issued; the index on expires_at keeps this cheap. */
    void insertTicket(byte[] hash, long userId, Instant expiresAt, UUID sessionId) {
        sql.update("DELETE FROM event_tickets WHERE expires_at < now() - interval '1 minute'");
        sql.update("INSERT INTO event_tickets (ticket_hash, user_id, expires_at, session_id) VALUES (?, ?, ?, ?)",
                hash, userId, expiresAt, sessionId);
    }

    /** Deletes the ticket; its holder if it was unexpired and its session is still active (not logged out since). */
    Optional<Holder> consumeTicket(byte[] hash) {
        return sql.first("""
                DELETE FROM event_tickets t WHERE ticket_hash = ?
                RETURNING user_id, session_id, expires_at > now()
                    AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = t.session_id AND s.revoked_at IS NULL) AS valid
                """, row -> row.getBoolean("valid")
                        ? Optional.of(new Holder(row.getLong("user_id"), row.getObject("session_id", UUID.class)))
                        : Optional.<Holder>empty(), hash)
                .flatMap(holder -> holder);
    }

    /** The article a socket may subscribe to, by slug; the socket's own read-only unit of work. */
    @Transactional(readOnly = true)
    OptionalLong articleId(String slug) {
        return sql.first("SELECT id FROM articles WHERE slug = ?", row -> row.getLong(1), slug)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    static Optional<Comment> comment(Connection listener, long commentId) {
        return Sql.on(listener).first("""
                SELECT c.id, c.body, c.created_at, cu.username, cu.bio, cu.image,
                       a.slug, a.title, a.description, au.username AS article_username, au.bio AS article_bio,
                       au.image AS article_image
                FROM comments c
                JOIN users cu ON cu.id = c.author_id
                JOIN articles a ON a.id = c.article_id
                JOIN users au ON au.id = a.author_id
                WHERE c.id = ?""", row -> new Comment(row.getLong("id"), row.getString("body"),
                row.getTimestamp("created_at").toInstant(), profile(row, ""), article(row)), commentId);
    }

    /** The article, and which of the candidate users follow its author. */
    static Optional<NewArticle> article(Connection listener, long articleId, Collection<Long> candidates) {
        return Sql.on(listener).first("""
                SELECT a.slug, a.title, a.description, u.username AS article_username, u.bio AS article_bio,
                       u.image AS article_image,
                       ARRAY(SELECT f.follower_id FROM follows f
                             WHERE f.followee_id = a.author_id AND f.follower_id = ANY (?)) AS recipients
                FROM articles a JOIN users u ON u.id = a.author_id
                WHERE a.id = ?""", row -> new NewArticle(article(row),
                Arrays.stream((Long[]) row.getArray("recipients").getArray()).collect(Collectors.toSet())),
                Sql.bigintArray(candidates), articleId);
    }

    static Optional<Profile> follower(Connection listener, long followerId) {
        return Sql.on(listener).first("SELECT username, bio, image FROM users WHERE id = ?", row -> profile(row, ""),
                followerId);
    }

    private static Article article(ResultSet row) throws SQLException {
        return new Article(row.getString("slug"), row.getString("title"), row.getString("description"),
                profile(row, "article_"));
    }

    private static Profile profile(ResultSet row, String prefix) throws SQLException {
        return new Profile(row.getString(prefix + "username"), row.getString(prefix + "bio"),
                row.getString(prefix + "image"));
    }
}
