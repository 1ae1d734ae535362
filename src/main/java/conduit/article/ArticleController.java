package conduit.article;

import conduit.api.ArticlesApi;
import conduit.api.model.MultipleArticlesResponse;
import conduit.api.model.NewArticleRequest;
import conduit.api.model.SingleArticleResponse;
import conduit.api.model.UpdateArticleRequest;
import conduit.auth.CurrentUser;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.OptionalLong;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ArticleController implements ArticlesApi {

    private final ArticleService articles;
    private final CurrentUser currentUser;

    ArticleController(ArticleService articles, CurrentUser currentUser) {
        this.articles = articles;
        this.currentUser = currentUser;
    }

    @Override
    public MultipleArticlesResponse getArticles(String tag, String author, String favorited, Integer offset, Integer limit) {
        var filter = new ArticleFilter(tag, author, favorited, null);
        return ArticleMapper.page(articles.list(filter, currentUser.id(), limit, offset));
    }

    @Override
    public MultipleArticlesResponse getArticlesFeed(Integer offset, Integer limit) {
        long userId = currentUser.requireId();
        return ArticleMapper.page(articles.list(ArticleFilter.feedOf(userId), OptionalLong.of(userId), limit, offset));
    }

    @Override
    public SingleArticleResponse getArticle(String slug) {
        return ArticleMapper.single(articles.get(slug, currentUser.id()));
    }

    @Override
    public HttpResponse<SingleArticleResponse> createArticle(NewArticleRequest request) {
        var article = request.getArticle();
        var created = articles.create(currentUser.requireId(), article.getTitle(), article.getDescription(),
                article.getBody(), article.getTagList());
        return HttpResponse.created(ArticleMapper.single(created));
    }

    @Override
    public SingleArticleResponse updateArticle(String slug, UpdateArticleRequest request) {
        var changes = request.getArticle();
        return ArticleMapper.single(articles.update(currentUser.requireId(), slug, changes.getTitle(),
                changes.getDescription(), changes.getBody()));
    }

    @Override
    public void deleteArticle(String slug) {
        articles.delete(currentUser.requireId(), slug);
    }
}
