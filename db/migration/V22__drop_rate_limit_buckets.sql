-- The contract step of V20: rate limits live in rate_limit_cells since the release that added it, and no instance
-- of that release or later reads or writes rate_limit_buckets. A rolling upgrade from a release older than V20 goes
-- through that release first (its instances used this table while V20's started).
DROP TABLE rate_limit_buckets;
