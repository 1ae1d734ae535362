-- Every change to which articles carry which tags (a new or edited article, a deleted article or user by cascade,
-- a TRUNCATE) announces itself on conduit_tags, in the changing transaction: each instance's cache of the tag list
-- (conduit.tag.PopularTags) drops its copy when the change commits. Per statement, and PostgreSQL delivers one
-- message per transaction for a channel and payload however often it is sent, so an edit costs one message.
CREATE FUNCTION notify_tag_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('conduit_tags', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER article_tags_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON article_tags
    FOR EACH STATEMENT EXECUTE FUNCTION notify_tag_change();
