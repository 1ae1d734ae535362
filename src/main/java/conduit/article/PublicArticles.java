package conduit.article;

import conduit.pubsub.CopyGenerations;
import conduit.pubsub.Subscriber;
import conduit.system.SharedBody;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's copies of articles as an anonymous reader sees them, for the reads allowed to lag (anonymous,
 * without a consistency token): a public article page is read far more often than it changes. Every change to what
 * such a reader sees (the article, its favorites, its tags, its author's profile) sends the article's id on
 * {@value #CHANNEL} in its transaction (migration V21), which reaches every instance when it commits and drops that
 * copy here. A copy is loaded from the primary, never from a replica, which could still be behind the change that
 * dropped it and would keep the old article until its next change. While the listening connection is down, messages
 * are lost, so copies are neither used nor kept.
 *
 * <p>A load keeps its copy only if no message arrived while it ran: it stores the copy first and takes it back if
 * the generation moved, and a message moves the generation before it drops copies, so a copy read before a change
 * committed never outlives that change's message. Bounded: at most {@value #MAX_COPIES} copies, of articles whose
 * body has at most {@value #MAX_BODY} characters (longer ones are read from the database each time).
 */
@Singleton
final class PublicArticles implements Subscriber {

    static final String CHANNEL = "conduit_articles";
    static final int MAX_COPIES = 256;
    static final int MAX_BODY = 16_384;
    private static final String EVERY_ARTICLE = "*";

    /** A copy, and the answer made from it once (for the controller and the HTTP caching filter). */
    record Copy(ArticleView article, SharedBody answer) {
    }

    private final ArticleService articles;
    private final Map<String, Copy> bySlug = new ConcurrentHashMap<>();
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
        if (generations.trusted() && body != null && body.length() <= MAX_BODY) {
            makeRoom();
            bySlug.put(slug, loaded);
            if (!generations.unchangedSince(before)) {
                bySlug.remove(slug, loaded);
            }
        }
        return loaded;
    }

    int size() {
        return bySlug.size();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void receive(String payload, Connection connection) {
        generations.moved();
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
        generations.listening(listening, bySlug::clear);
    }

    /** Drops an arbitrary copy while there are too many: the ones read often come straight back. */
    private void makeRoom() {
        Iterator<Copy> copies = bySlug.values().iterator();
        while (bySlug.size() >= MAX_COPIES && copies.hasNext()) {
            copies.next();
            copies.remove();
        }
    }
}
