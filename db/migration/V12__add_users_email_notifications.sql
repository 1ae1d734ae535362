-- Whether a user is emailed about new followers and new comments on their articles (opt-out).
ALTER TABLE users ADD COLUMN email_notifications boolean NOT NULL DEFAULT true;
