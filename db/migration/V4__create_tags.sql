CREATE TABLE tags (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL
);

CREATE UNIQUE INDEX tags_name_key ON tags (name);

CREATE TABLE article_tags (
    article_id bigint   NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     bigint   NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    -- Position in the author's tagList, so tags come back in the order they were given.
    position   smallint NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);

CREATE INDEX article_tags_tag_idx ON article_tags (tag_id, article_id);
