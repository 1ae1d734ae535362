package conduit.realtime;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/**
 * Announces writes to every instance with PostgreSQL NOTIFY. Called inside the writing
 * transaction: PostgreSQL delivers the notification only when it commits, so a rolled-back write
 * announces nothing. The payload holds ids only (NOTIFY payloads are limited to 8000 bytes); each
 * listening instance loads what its own sockets need.
 */
@Singleton
public class Events {

    static final String CHANNEL = "conduit_events";

    private final JdbcOperations jdbc;

    Events(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void commentCreated(long commentId) {
        notify("""
                SELECT pg_notify('%s', json_build_object('type', 'comment.created', 'comment', id, 'article', article_id)::text)
                FROM comments WHERE id = ?""", commentId);
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void articleCreated(long articleId) {
        notify("""
                SELECT pg_notify('%s', json_build_object('type', 'article.created', 'article', id, 'author', author_id)::text)
                FROM articles WHERE id = ?""", articleId);
    }

    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void followed(long followerId, long followeeId) {
        notify("""
                SELECT pg_notify('%s', json_build_object('type', 'follower.added', 'follower', ?::bigint, 'followee', ?::bigint)::text)
                """, followerId, followeeId);
    }

    private void notify(String sql, long... ids) {
        jdbc.prepareStatement(sql.formatted(CHANNEL), statement -> {
            for (int i = 0; i < ids.length; i++) {
                statement.setLong(i + 1, ids[i]);
            }
            return statement.execute();
        });
    }
}
