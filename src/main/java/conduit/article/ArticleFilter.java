package conduit.article;

import io.micronaut.core.annotation.Nullable;

/**
 * Which articles a list shows. Every filter that is set narrows the list; {@code feedOf} keeps the
 * articles whose authors that user follows.
 */
record ArticleFilter(@Nullable String tag, @Nullable String author, @Nullable String favoritedBy, @Nullable Long feedOf) {

    static ArticleFilter feedOf(long userId) {
        return new ArticleFilter(null, null, null, userId);
    }
}
