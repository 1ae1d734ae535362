package conduit.article;

import conduit.pubsub.CopyGenerations;
import conduit.pubsub.Subscriber;
import conduit.system.SharedBody;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * This instance's copies of articles and article list pages as an anonymous reader sees them, for the reads allowed to
 * lag (anonymous, without a consistency token): the public article pages and the home page's lists are read far more
 * often than they change. Every change to what such a reader sees (an article created, edited or deleted, its
 * favorites, its tags, its author's profile) sends the article's id on {@value #CHANNEL} in its transaction
 * (migrations V21 and V23), which reaches every instance when it commits and drops that article's copy and every
 * list page here (any change can move an article into, out of or within any page). A copy is loaded from the
 * primary, never from a replica, which could still be behind the change that dropped it and would keep the old
 * answer until the next change. While the listening connection is down, messages are lost, so copies are neither
 * used nor kept.
 *
 * <p>A load keeps its copy only if no message arrived while it ran: it stores the copy first and takes it back if
 * the generation moved, and a message moves the generation before it drops copies, so a copy read before a change
 * committed never outlives that change's message. Bounded in number and in characters (so in heap, whatever the
 * articles hold): at most {@value #MAX_COPIES} articles of at most {@value #MAX_BODY} characters of body, together
 * at most {@value #MAX_COPIES_TEXT} characters, and {@value #MAX_PAGES} list pages of at most {@value #MAX_PAGE_TEXT}
 * characters of titles and descriptions, together at most {@value #MAX_PAGES_TEXT}. Larger ones are read from the
 * database each time; when a new copy would pass a bound, arbitrary others make room.
 */
@Singleton
final class PublicArticles implements Subscriber {

    static final String CHANNEL = "conduit_articles";
    static final int MAX_COPIES = 256;
    static final int MAX_BODY = 16_384;
    static final int MAX_COPIES_TEXT = 1 << 20;
    static final int MAX_PAGES = 64;
    static final int MAX_PAGE_TEXT = 65_536;
    static final int MAX_PAGES_TEXT = 1 << 19;
    private static final String EVERY_ARTICLE = "*";

    /** A copy, and the answer made from it once (for the controller and the HTTP caching filter). */
    record Copy(ArticleView article, SharedBody answer) {
        long text() {
            return PublicArticles.text(article) + article.body().length();
        }
    }

    /** A copy of a list page, and the answer made from it once. */
    record Page(ArticlePage page, SharedBody answer) {
        long text() {
            long text = 0;
            for (ArticleView article : page.articles()) {
                text += PublicArticles.text(article);
            }
            return text;
        }
    }

    private record PageKey(ArticleFilter filter, int limit, int offset) {
    }

    private final ArticleService articles;
    private final Map<String, Copy> bySlug = new ConcurrentHashMap<>();
    private final Map<PageKey, Page> pages = new ConcurrentHashMap<>();
    private final CopyGenerations generations = new CopyGenerations();

    PublicArticles(ArticleService articles) {
        this.articles = articles;
    }

    /** The article as of at most the time a change message takes to arrive; 404 as from the database. */
    Copy get(String slug) {
        Copy kept = bySlug.get(slug);
        if (kept != null && generations.trusted()) {
            return kept;
        }
        long before = generations.current();
        Copy loaded = new Copy(articles.getOnPrimary(slug), new SharedBody());
        String body = loaded.article().body();
        if (body != null && body.length() <= MAX_BODY) {
            keep(bySlug, MAX_COPIES, MAX_COPIES_TEXT, Copy::text, slug, loaded, before);
        }
        return loaded;
    }

    /** The page as of at most the time a change message takes to arrive. */
    Page page(ArticleFilter filter, int limit, int offset) {
        PageKey key = new PageKey(filter, limit, offset);
        Page kept = pages.get(key);
        if (kept != null && generations.trusted()) {
            return kept;
        }
        long before = generations.current();
        Page loaded = new Page(articles.listOnPrimary(filter, limit, offset), new SharedBody());
        if (loaded.text() <= MAX_PAGE_TEXT) {
            keep(pages, MAX_PAGES, MAX_PAGES_TEXT, Page::text, key, loaded, before);
        }
        return loaded;
    }

    int size() {
        return bySlug.size();
    }

    int pageCount() {
        return pages.size();
    }

    long pageText() {
        return pages.values().stream().mapToLong(Page::text).sum();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void receive(String payload, Connection connection) {
        generations.moved();
        pages.clear();
        if (EVERY_ARTICLE.equals(payload)) {
            bySlug.clear();
            return;
        }
        long id;
        try {
            id = Long.parseLong(payload);
        } catch (NumberFormatException e) {
            bySlug.clear();
            return;
        }
        bySlug.values().removeIf(copy -> copy.article().id() == id);
    }

    @Override
    public void listening(boolean listening) {
        generations.listening(listening, () -> {
            bySlug.clear();
            pages.clear();
        });
    }

    /** Keeps a copy loaded since generation {@code before}, unless a message arrived meanwhile. */
    private <K, V> void keep(Map<K, V> copies, int max, long maxText, ToLongFunction<V> text, K key, V loaded,
                             long before) {
        if (!generations.trusted()) {
            return;
        }
        makeRoom(copies, max, maxText - text.applyAsLong(loaded), text);
        copies.put(key, loaded);
        if (!generations.unchangedSince(before)) {
            copies.remove(key, loaded);
        }
    }

    /**
     * Drops arbitrary copies until one more fits in {@code max} copies and {@code maxText} characters: the ones read
     * often come straight back. Counts the characters afresh each time (a few hundred copies at most, and only when
     * a read missed), so concurrent loads and drops never leave a running total wrong.
     */
    private static <V> void makeRoom(Map<?, V> copies, int max, long maxText, ToLongFunction<V> text) {
        long total = 0;
        for (V copy : copies.values()) {
            total += text.applyAsLong(copy);
        }
        Iterator<V> each = copies.values().iterator();
        while ((copies.size() >= max || total > maxText) && each.hasNext()) {
            total -= text.applyAsLong(each.next());
            each.remove();
        }
    }

    private static long text(ArticleView article) {
        return article.title().length() + (article.description() == null ? 0 : article.description().length());
    }
}
