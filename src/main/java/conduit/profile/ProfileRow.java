package conduit.profile;

import conduit.database.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The profile projection, shared by every query that shows a user to a viewer: a profile, an article's author, a
 * comment's author. {@link #columns} goes into the SELECT list and takes one parameter, the viewer's id;
 * {@link #read} reads it back under the same prefix.
 */
public final class ProfileRow {

    /** The viewer id of an anonymous caller: never a user id, so it follows nobody and has favorited nothing. */
    public static final long ANONYMOUS = -1;

    private ProfileRow() {
    }

    /** The columns of the user aliased {@code user}, named with {@code prefix}; binds one parameter, the viewer. */
    public static String columns(String user, String prefix) {
        return """
                %1$s.id AS %2$sid, %1$s.username AS %2$susername, %1$s.bio AS %2$sbio, %1$s.image AS %2$simage,
                EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id = %1$s.id) AS %2$sfollowing
                """.formatted(user, prefix);
    }

    public static ProfileView read(ResultSet row, String prefix) throws SQLException {
        return new ProfileView(row.getLong(prefix + "id"), row.getString(prefix + "username"),
                row.getString(prefix + "bio"), row.getString(prefix + "image"), row.getBoolean(prefix + "following"));
    }

    public static Sql.Row<ProfileView> reader(String prefix) {
        return row -> read(row, prefix);
    }
}
