package conduit.article;

import io.micronaut.http.HttpResponse;
import conduit.api.FavoritesApi;
import conduit.api.model.SingleArticleResponse;
import conduit.auth.CurrentUser;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class FavoriteController implements FavoritesApi {

    private final ArticleService articles;
    private final CurrentUser currentUser;

    FavoriteController(ArticleService articles, CurrentUser currentUser) {
        this.articles = articles;
        this.currentUser = currentUser;
    }

    @Override
    public HttpResponse<SingleArticleResponse> createArticleFavorite(String slug) {
        return HttpResponse.ok(ArticleMapper.single(articles.favorite(currentUser.requireId(), slug)));
    }

    @Override
    public HttpResponse<SingleArticleResponse> deleteArticleFavorite(String slug) {
        return HttpResponse.ok(ArticleMapper.single(articles.unfavorite(currentUser.requireId(), slug)));
    }
}
