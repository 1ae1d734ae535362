package conduit.article;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** URL-friendly identifiers derived from titles: "How to Train Your Dragon!" becomes "how-to-train-your-dragon". */
final class Slugs {

    static final int MAX_LENGTH = 80;
    /** Slugs that collide with fixed routes: GET /api/articles/feed is the feed, never an article. */
    private static final Set<String> RESERVED = Set.of("feed");
    private static final String SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Slugs() {
    }

    static String of(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "article" : slug;
    }

    static boolean isReserved(String slug) {
        return RESERVED.contains(slug);
    }

    /** The base slug with a short random suffix, for when the base is taken by another article. */
    static String withSuffix(String base) {
        StringBuilder slug = new StringBuilder(base).append('-');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            slug.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return slug.toString();
    }
}
