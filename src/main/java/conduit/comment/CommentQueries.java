package conduit.comment;

import conduit.database.Sql;
import conduit.profile.ProfileRow;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/** The comment feature's SQL; listing an article's comments is one statement, authors included. */
@Singleton
class CommentQueries {

    /** One parameter, the viewer (for the authors' {@code following}). */
    private static final String VIEW_COLUMNS = "SELECT c.id, c.body, c.created_at, c.updated_at, "
            + ProfileRow.columns("u", "author_");
    private static final String SELECT_VIEW = VIEW_COLUMNS + " FROM comments c JOIN users u ON u.id = c.author_id";

    private static final Sql.Row<CommentView> VIEW = row -> new CommentView(row.getLong("id"), row.getString("body"),
            row.getTimestamp("created_at").toInstant(), row.getTimestamp("updated_at").toInstant(),
            ProfileRow.read(row, "author_"));

    record CommentRef(long id, long authorId) {
    }

    private final Sql sql;

    CommentQueries(Sql sql) {
        this.sql = sql;
    }

    /** Newest first, as RealWorld frontends show them. */
    List<CommentView> forArticle(long articleId, long viewerId) {
        return sql.list(SELECT_VIEW + " WHERE c.article_id = ? ORDER BY c.created_at DESC, c.id DESC", VIEW,
                viewerId, articleId);
    }

    /** The new comment as its author sees it, read back in the same statement. */
    CommentView insert(long articleId, long authorId, String body) {
        return sql.one("WITH c AS (INSERT INTO comments (article_id, author_id, body) VALUES (?, ?, ?) RETURNING *) "
                + VIEW_COLUMNS + " FROM c JOIN users u ON u.id = c.author_id", VIEW, articleId, authorId, body, authorId);
    }

    /** The comment, only if it belongs to this article. */
    Optional<CommentRef> find(long articleId, long commentId) {
        return sql.first("SELECT id, author_id FROM comments WHERE id = ? AND article_id = ?",
                row -> new CommentRef(row.getLong(1), row.getLong(2)), commentId, articleId);
    }

    void delete(long commentId) {
        sql.update("DELETE FROM comments WHERE id = ?", commentId);
    }
}
