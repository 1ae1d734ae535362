package conduit.consistency;

import conduit.database.Sql;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/** Where the primary's history stands. */
@Singleton
class ConsistencyQueries {

    private final Sql sql;

    ConsistencyQueries(Sql sql) {
        this.sql = sql;
    }

    /**
     * The primary's current WAL position, asked after a write committed, so it is at or after the write's commit
     * record: a replica that has replayed up to it has the write. Its own unit of work, on the primary.
     */
    @Transactional
    String primaryPosition() {
        return sql.one("SELECT pg_current_wal_lsn()::text", row -> row.getString(1));
    }
}
