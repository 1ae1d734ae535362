package conduit.article;

import conduit.profile.ProfileView;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * An article as the caller sees it: {@code favorited} and {@code author.following} are relative to the caller.
 * {@code body} is null in lists and the feed, which do not read it.
 */
public record ArticleView(
        long id,
        String slug,
        String title,
        String description,
        @Nullable String body,
        List<String> tagList,
        Instant createdAt,
        Instant updatedAt,
        boolean favorited,
        int favoritesCount,
        ProfileView author) {
}
