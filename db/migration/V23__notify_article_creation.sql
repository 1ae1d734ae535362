-- A new article changes the anonymous readers' list pages (conduit.article.PublicArticles keeps copies of them since
-- this release), so its creation announces itself on conduit_articles like every other change of V21. An article
-- created with tags already sent its id through article_tags; PostgreSQL folds the same channel and payload sent
-- twice in one transaction into one message.
CREATE FUNCTION notify_article_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('conduit_articles', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER articles_created_for_copies
    AFTER INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION notify_article_created();
