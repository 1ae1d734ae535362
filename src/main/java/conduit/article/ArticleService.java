package conduit.article;

import conduit.consistency.ReplicaRead;
import conduit.idempotency.Once;
import conduit.idempotency.Outcome;
import conduit.profile.ProfileRow;
import conduit.realtime.Events;
import conduit.webhook.WebhookEvents;
import conduit.system.ForbiddenException;
import conduit.system.InvalidInputException;
import conduit.system.NotFoundException;
import conduit.system.Problem;
import conduit.system.UniqueViolation;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** Articles and favorites: the rules, who may change what, and the transactions around them. */
@Singleton
public class ArticleService {

    static final String ARTICLE = "article";

    private final ArticleQueries articles;
    private final Events events;
    private final WebhookEvents webhooks;

    ArticleService(ArticleQueries articles, Events events, WebhookEvents webhooks) {
        this.webhooks = webhooks;
        this.articles = articles;
        this.events = events;
    }

    @ReplicaRead
    @Transactional(readOnly = true)
    ArticlePage list(ArticleFilter filter, OptionalLong viewerId, int limit, int offset) {
        return page(filter, viewerId.orElse(ProfileRow.ANONYMOUS), limit, offset);
    }

    /** {@link #list} for an anonymous reader, always from the primary: what {@link PublicArticles} copies. */
    @Transactional(readOnly = true)
    ArticlePage listOnPrimary(ArticleFilter filter, int limit, int offset) {
        return page(filter, ProfileRow.ANONYMOUS, limit, offset);
    }

    private ArticlePage page(ArticleFilter filter, long viewer, int limit, int offset) {
        return new ArticlePage(articles.page(filter, viewer, limit, offset), articles.count(filter));
    }

    @ReplicaRead
    @Transactional(readOnly = true)
    ArticleView get(String slug, OptionalLong viewerId) {
        return view(slug, viewerId.orElse(ProfileRow.ANONYMOUS));
    }

    /** {@link #get} for an anonymous reader, always from the primary: what {@link PublicArticles} copies. */
    @Transactional(readOnly = true)
    ArticleView getOnPrimary(String slug) {
        return view(slug, ProfileRow.ANONYMOUS);
    }

    /** Once per Idempotency-Key, if the request had one. */
    @Transactional
    Outcome<ArticleView> create(long authorId, @Nullable String title, @Nullable String description,
                                @Nullable String body, @Nullable List<String> tagList, Once<ArticleView, ?> once) {
        return once.run(() -> insert(authorId, title, description, body, tagList));
    }

    private ArticleView insert(long authorId, @Nullable String title, @Nullable String description,
                               @Nullable String body, @Nullable List<String> tagList) {
        List<Problem> problems = new ArrayList<>();
        ArticleRules.checkText("title", title, ArticleRules.TITLE_MAX, problems);
        ArticleRules.checkText("description", description, ArticleRules.DESCRIPTION_MAX, problems);
        ArticleRules.checkText("body", body, ArticleRules.BODY_MAX, problems);
        List<String> tags = ArticleRules.cleanTags(tagList, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String base = Slugs.of(title);
        String slug = Slugs.isReserved(base) ? Slugs.withSuffix(base) : base;
        var id = articles.insert(slug, title.trim(), description.trim(), body, authorId);
        while (id.isEmpty()) {
            slug = Slugs.withSuffix(base);
            id = articles.insert(slug, title.trim(), description.trim(), body, authorId);
        }
        articles.addTags(id.get(), tags);
        events.articleCreated(id.get(), authorId);
        webhooks.articleCreated(id.get(), authorId);
        return view(slug, authorId);
    }

    /** The fields an update names; a field not in {@code present} stays as it is, one that is may not be null. */
    record Changes(@Nullable String title, @Nullable String description, @Nullable String body,
                   @Nullable List<String> tagList, Set<String> present) {
    }

    @Transactional
    ArticleView update(long userId, String slug, Changes changes) {
        var article = ownedBy(userId, slug);
        var current = view(slug, userId);
        String newTitle = changes.present().contains("title") ? trimmed(changes.title()) : current.title();
        String newDescription = changes.present().contains("description") ? trimmed(changes.description())
                : current.description();
        String newBody = changes.present().contains("body") ? changes.body() : current.body();
        List<Problem> problems = new ArrayList<>();
        ArticleRules.checkText("title", newTitle, ArticleRules.TITLE_MAX, problems);
        ArticleRules.checkText("description", newDescription, ArticleRules.DESCRIPTION_MAX, problems);
        ArticleRules.checkText("body", newBody, ArticleRules.BODY_MAX, problems);
        boolean newTags = changes.present().contains("tagList");
        if (newTags && changes.tagList() == null) {
            problems.add(Problem.blank("tagList"));
        }
        List<String> tags = newTags ? ArticleRules.cleanTags(changes.tagList(), problems) : List.of();
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String newSlug = newTitle.equals(article.title()) ? slug : freeSlugFor(newTitle, slug);
        try {
            articles.update(article.id(), newSlug, newTitle, newDescription, newBody);
        } catch (DataAccessException e) {
            // Another article took the new slug between our check and this write; the transaction rolls back.
            UniqueViolation.constraintOf(e).orElseThrow(() -> e);
            throw new InvalidInputException(new Problem("title", "was just given to another article; please try again"));
        }
        if (newTags) {
            articles.replaceTags(article.id(), tags);
        }
        webhooks.articleUpdated(article.id(), userId);
        return view(newSlug, userId);
    }

    @Transactional
    void delete(long userId, String slug) {
        long id = ownedBy(userId, slug).id();
        // Before the row goes: the event describes the article as it was.
        webhooks.articleDeleted(id, userId);
        articles.delete(id);
    }

    @Transactional
    ArticleView favorite(long userId, String slug) {
        articles.favorite(userId, idKeptUntilCommit(slug));
        return view(slug, userId);
    }

    @Transactional
    ArticleView unfavorite(long userId, String slug) {
        articles.unfavorite(userId, idOf(slug));
        return view(slug, userId);
    }

    /**
     * The id of the article with this slug, for adding things to it (a favorite; a comment's insert takes the same
     * lock itself): it cannot be deleted until the caller's transaction ends, so what is added never refers to an
     * article that is gone.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    long idKeptUntilCommit(String slug) {
        return articles.idBySlugKeptUntilCommit(slug).orElseThrow(() -> new NotFoundException(ARTICLE));
    }

    /** The id of the article with this slug, for features attached to articles (comments). */
    @Transactional(readOnly = true)
    public long idOf(String slug) {
        return articles.idBySlug(slug).orElseThrow(() -> new NotFoundException(ARTICLE));
    }

    private ArticleQueries.ArticleRef ownedBy(long userId, String slug) {
        var article = articles.lockBySlug(slug).orElseThrow(() -> new NotFoundException(ARTICLE));
        if (article.authorId() != userId) {
            throw new ForbiddenException(ARTICLE);
        }
        return article;
    }

    private String freeSlugFor(String title, String currentSlug) {
        String base = Slugs.of(title);
        if (!Slugs.isReserved(base) && (base.equals(currentSlug) || !articles.slugTaken(base))) {
            return base;
        }
        String slug = Slugs.withSuffix(base);
        while (articles.slugTaken(slug)) {
            slug = Slugs.withSuffix(base);
        }
        return slug;
    }

    private static String trimmed(@Nullable String value) {
        return value == null ? null : value.trim();
    }

    private ArticleView view(String slug, long viewerId) {
        return articles.bySlug(slug, viewerId).orElseThrow(() -> new NotFoundException(ARTICLE));
    }
}
