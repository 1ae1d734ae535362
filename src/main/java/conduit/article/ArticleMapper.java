package conduit.article;

import conduit.api.model.Article;
import conduit.api.model.ArticlePreview;
import conduit.api.model.MultipleArticlesResponse;
import conduit.api.model.SingleArticleResponse;
import conduit.profile.ProfileMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Article views to wire models. Timestamps go out in UTC. */
final class ArticleMapper {

    private ArticleMapper() {
    }

    static SingleArticleResponse single(ArticleView view) {
        return new SingleArticleResponse(toWire(view));
    }

    static MultipleArticlesResponse page(ArticlePage page) {
        return new MultipleArticlesResponse(
                page.articles().stream().map(ArticleMapper::preview).toList(),
                Math.toIntExact(page.total()));
    }

    static Article toWire(ArticleView view) {
        return new Article(view.slug(), view.title(), view.description(), view.body(), view.tagList(),
                utc(view.createdAt()), utc(view.updatedAt()), view.favorited(), view.favoritesCount(),
                ProfileMapper.toWire(view.author()));
    }

    static ArticlePreview preview(ArticleView view) {
        return new ArticlePreview(view.slug(), view.title(), view.description(), view.tagList(),
                utc(view.createdAt()), utc(view.updatedAt()), view.favorited(), view.favoritesCount(),
                ProfileMapper.toWire(view.author()));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
