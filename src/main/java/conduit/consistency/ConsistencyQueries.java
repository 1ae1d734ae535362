package conduit.consistency;

import conduit.database.Sql;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;

/** Where the primary's history stands. */
@Singleton
class ConsistencyQueries {

    private final Sql sql;

    ConsistencyQueries(Sql sql) {
        this.sql = sql;
    }

    /**
     * The primary's current WAL insert position, asked after a write committed, so it is at or after the end of the
     * write's commit record: a replica that has replayed up to it has the write. The insert position, not
     * {@code pg_current_wal_lsn()}: that one is only what has been written out, and with
     * {@code synchronous_commit = off} a commit returns before its record is written, so the write position can still
     * be behind it (and not move at all over several writes). One statement in autocommit on a connection of its own,
     * on the primary: no transaction, so no COMMIT round trip after it.
     */
    @Connectable
    String primaryPosition() {
        return sql.one("SELECT pg_current_wal_insert_lsn()::text", row -> row.getString(1));
    }
}
