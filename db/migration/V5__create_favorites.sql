CREATE TABLE favorites (
    user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, article_id)
);

-- Counting favorites per article and "is it favorited by me" both start from the article.
CREATE INDEX favorites_article_idx ON favorites (article_id, user_id);
