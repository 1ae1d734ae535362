package conduit.article;

import conduit.api.ArticlesApi;
import conduit.api.model.MultipleArticlesResponse;
import conduit.api.model.NewArticleRequest;
import conduit.api.model.SingleArticleResponse;
import conduit.api.model.UpdateArticleRequest;
import conduit.auth.CurrentUser;
import conduit.consistency.ReadConsistency;
import conduit.idempotency.IdempotentRequests;
import conduit.idempotency.Once;
import conduit.system.PresentFields;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.OptionalLong;
import java.util.Set;

@Controller
/** The If-None-Match parameters are answered by HttpCachingFilter, which sees the rendered body. */
@ExecuteOn(TaskExecutors.BLOCKING)
class ArticleController implements ArticlesApi {

    private final ArticleService articles;
    private final CurrentUser currentUser;
    private final IdempotentRequests idempotent;
    private final PublicArticles publicArticles;

    ArticleController(ArticleService articles, CurrentUser currentUser, IdempotentRequests idempotent,
                      PublicArticles publicArticles) {
        this.articles = articles;
        this.publicArticles = publicArticles;
        this.currentUser = currentUser;
        this.idempotent = idempotent;
    }

    @Override
    public HttpResponse<MultipleArticlesResponse> getArticles(String tag, String author, String favorited, Integer offset,
                                                              Integer limit, String ifNoneMatch,
                                                              String conduitConsistencyToken) {
        var filter = new ArticleFilter(tag, author, favorited, null);
        if (ReadConsistency.currentMayLag()) {
            var copy = publicArticles.page(filter, limit, offset);
            return copy.answer().ok(() -> ArticleMapper.page(copy.page()));
        }
        return HttpResponse.ok(ArticleMapper.page(articles.list(filter, currentUser.id(), limit, offset)));
    }

    @Override
    public HttpResponse<MultipleArticlesResponse> getArticlesFeed(Integer offset, Integer limit, String ifNoneMatch) {
        long userId = currentUser.requireId();
        var page = articles.list(ArticleFilter.feedOf(userId), OptionalLong.of(userId), limit, offset);
        return HttpResponse.ok(ArticleMapper.page(page));
    }

    @Override
    public HttpResponse<SingleArticleResponse> getArticle(String slug, String ifNoneMatch,
                                                            String conduitConsistencyToken) {
        if (ReadConsistency.currentMayLag()) {
            var copy = publicArticles.get(slug);
            return copy.answer().ok(() -> ArticleMapper.single(copy.article()));
        }
        return HttpResponse.ok(ArticleMapper.single(articles.get(slug, currentUser.id())));
    }

    @Override
    public HttpResponse<SingleArticleResponse> createArticle(NewArticleRequest request, String idempotencyKey) {
        var article = request.getArticle();
        Once<ArticleView, SingleArticleResponse> once = idempotent.once(idempotencyKey, request,
                SingleArticleResponse.class, created -> HttpResponse.created(ArticleMapper.single(created))
                        .header(HttpHeaders.LOCATION, "/api/articles/" + created.slug()));
        return once.response(articles.create(currentUser.requireId(), article.getTitle(), article.getDescription(),
                article.getBody(), article.getTagList(), once));
    }

    @Override
    public HttpResponse<SingleArticleResponse> updateArticle(String slug, UpdateArticleRequest request) {
        var article = request.getArticle();
        Set<String> present = PresentFields.of("article").orElseThrow(
                () -> new IllegalStateException("the body of PUT /api/articles/{slug} could not be read again"));
        var changes = new ArticleService.Changes(article.getTitle(), article.getDescription(), article.getBody(),
                article.getTagList(), present);
        return HttpResponse.ok(ArticleMapper.single(articles.update(currentUser.requireId(), slug, changes)));
    }

    @Override
    public HttpResponse<Void> deleteArticle(String slug) {
        articles.delete(currentUser.requireId(), slug);
        return HttpResponse.noContent();
    }
}
