package conduit.user;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface UserRepository extends CrudRepository<UserEntity, Long> {

    Optional<UserEntity> findByEmail(String email);

    @Query("SELECT * FROM users WHERE lower(username) = lower(:username)")
    Optional<UserEntity> findByUsernameIgnoreCase(String username);

    /** Changes to one account take turns: the first to lock the row goes first, the others see its result. */
    @Query("SELECT id FROM users WHERE id = :id FOR UPDATE")
    Optional<Long> lockById(long id);

    @Query("SELECT EXISTS (SELECT 1 FROM users WHERE email = :email AND id <> :exceptId)")
    boolean emailTaken(String email, long exceptId);

    @Query("SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower(:username) AND id <> :exceptId)")
    boolean usernameTaken(String username, long exceptId);
}
