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

    /** A new comment as its author sees it, and the id of its article. */
    record Added(CommentView comment, long articleId) {
    }

    /**
     * Adds a comment to the article with this slug and reads it back, in one statement; empty when there is no such
     * article. The article's row is locked FOR KEY SHARE (what the foreign key check takes, taken first) until the
     * caller's transaction ends, so a comment cannot lose a race with the article's deletion: the deletion waits, or
     * has committed and the comment finds no article.
     */
    Optional<Added> insert(String slug, long authorId, String body) {
        return sql.first("WITH c AS (INSERT INTO comments (article_id, author_id, body) "
                        + "SELECT a.id, ?, ? FROM articles a WHERE a.slug = ? FOR KEY SHARE RETURNING *) "
                        + VIEW_COLUMNS + ", c.article_id FROM c JOIN users u ON u.id = c.author_id",
                row -> new Added(VIEW.read(row), row.getLong("article_id")), authorId, body, slug, authorId);
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
