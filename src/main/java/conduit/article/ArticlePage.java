package conduit.article;

import java.util.List;

/** One page of a list; {@code total} counts every article that matches, not just this page. */
record ArticlePage(List<ArticleView> articles, long total) {
}
