package conduit.article;

import conduit.profile.ProfileView;

import java.time.Instant;
import java.util.List;

/** An article as the caller sees it: {@code favorited} and {@code author.following} are relative to the caller. */
public record ArticleView(
        long id,
        String slug,
        String title,
        String description,
        String body,
        List<String> tagList,
        Instant createdAt,
        Instant updatedAt,
        boolean favorited,
        int favoritesCount,
        ProfileView author) {
}
