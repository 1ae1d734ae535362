-- Every change to what an anonymous reader sees of an article announces itself on conduit_articles, in the changing
-- transaction, so each instance's copy of public articles (conduit.article.PublicArticles) drops it when the change
-- commits. The payload is the article's id; '*' (a profile shown as the author of any number of articles, a
-- TRUNCATE) drops every copy. PostgreSQL delivers one message per transaction for a channel and payload however
-- often it is sent, so a statement touching many rows of one article costs one message.
CREATE FUNCTION notify_article_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('conduit_articles', '*');
    ELSIF TG_TABLE_NAME = 'articles' THEN
        PERFORM pg_notify('conduit_articles', OLD.id::text);
    ELSIF TG_TABLE_NAME = 'users' THEN
        PERFORM pg_notify('conduit_articles', '*');
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('conduit_articles', OLD.article_id::text);
    ELSE
        PERFORM pg_notify('conduit_articles', NEW.article_id::text);
        IF TG_OP = 'UPDATE' AND OLD.article_id <> NEW.article_id THEN
            PERFORM pg_notify('conduit_articles', OLD.article_id::text);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

-- The article itself: an edit (title, slug, description, body) or its deletion, also by cascade from its author.
CREATE TRIGGER articles_changed_for_copies
    AFTER UPDATE OR DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION notify_article_change();

-- Its favorites count and its tag list.
CREATE TRIGGER favorites_changed_for_copies
    AFTER INSERT OR UPDATE OR DELETE ON favorites
    FOR EACH ROW EXECUTE FUNCTION notify_article_change();

CREATE TRIGGER article_tags_changed_for_copies
    AFTER INSERT OR UPDATE OR DELETE ON article_tags
    FOR EACH ROW EXECUTE FUNCTION notify_article_change();

-- Its author's profile as shown with it. Only the shown columns: a password or email change costs no message.
CREATE TRIGGER users_profile_changed_for_copies
    AFTER UPDATE OF username, bio, image ON users
    FOR EACH ROW WHEN (OLD.username IS DISTINCT FROM NEW.username OR OLD.bio IS DISTINCT FROM NEW.bio
                       OR OLD.image IS DISTINCT FROM NEW.image)
    EXECUTE FUNCTION notify_article_change();

CREATE TRIGGER articles_truncated_for_copies
    AFTER TRUNCATE ON articles
    FOR EACH STATEMENT EXECUTE FUNCTION notify_article_change();

CREATE TRIGGER favorites_truncated_for_copies
    AFTER TRUNCATE ON favorites
    FOR EACH STATEMENT EXECUTE FUNCTION notify_article_change();

CREATE TRIGGER article_tags_truncated_for_copies
    AFTER TRUNCATE ON article_tags
    FOR EACH STATEMENT EXECUTE FUNCTION notify_article_change();
