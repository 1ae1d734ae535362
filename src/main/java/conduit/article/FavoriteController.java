package conduit.article;

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
    public SingleArticleResponse createArticleFavorite(String slug) {
        return ArticleMapper.single(articles.favorite(currentUser.requireId(), slug));
    }

    @Override
    public SingleArticleResponse deleteArticleFavorite(String slug) {
        return ArticleMapper.single(articles.unfavorite(currentUser.requireId(), slug));
    }
}
