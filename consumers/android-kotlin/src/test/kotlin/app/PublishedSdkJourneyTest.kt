package app

import dev.conduit.client.ConduitHttp
import dev.conduit.client.ConduitRetry
import dev.conduit.client.ConduitSession
import dev.conduit.client.SessionRevokedEvent
import dev.conduit.client.apis.ArticlesApi
import dev.conduit.client.apis.CommentsApi
import dev.conduit.client.apis.FavoritesApi
import dev.conduit.client.apis.ProfilesApi
import dev.conduit.client.apis.UsersApi
import dev.conduit.client.errors
import dev.conduit.client.infrastructure.ClientException
import dev.conduit.client.infrastructure.Serializer
import dev.conduit.client.infrastructure.ServerException
import dev.conduit.client.models.LoginUser
import dev.conduit.client.models.LoginUserRequest
import dev.conduit.client.models.NewArticle
import dev.conduit.client.models.NewArticleRequest
import dev.conduit.client.models.NewComment
import dev.conduit.client.models.NewCommentRequest
import dev.conduit.client.models.NewUser
import dev.conduit.client.models.NewUserRequest
import okhttp3.Cache
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.MethodOrderer
import org.junit.jupiter.api.Order
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.TestMethodOrder
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.io.IOException
import java.nio.file.Files
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.Executors

/**
 * An app's journey through the SDK as resolved from the Maven repository, written the way an Android app uses it:
 * one ConduitSession, the SDK's retries and refreshes, typed errors. CI runs it through a proxy that resets
 * connections and answers 503 at random, against a service whose access tokens live a few seconds. With
 * JOURNEY_REPORT set, it writes there what it meant to write, for .ci/sdk-release.sh to find in the database once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation::class)
class PublishedSdkJourneyTest {

    private val baseUrl = System.getenv("SERVICE_URL")?.trimEnd('/')
        ?: error("Set SERVICE_URL to a running Conduit API, e.g. SERVICE_URL=http://127.0.0.1:8080")
    private val run = "${System.currentTimeMillis()}${(0..999).random()}"
    private val username = "android$run"
    private val email = "$username@example.com"
    private val password = "android-passphrase"
    private val writer = App()
    private val friend = App()
    private val revocations = Collections.synchronizedList(mutableListOf<SessionRevokedEvent>())
    private lateinit var slug: String

    /** How many rows each intended write must leave: 1, or 0 for what the journey deletes (a duplicate would remain). */
    private val intended = mapOf(
        "users" to linkedMapOf(username to 1, "androidfriend$run" to 1),
        "articles" to linkedMapOf<String, Int>(),
        "comments" to linkedMapOf<String, Int>(),
    )

    /** An app's API objects over one session, with an HTTP cache for ETag revalidation. */
    inner class App {
        val session = ConduitSession()
        private val client = ConduitHttp.client(
            session, ConduitRetry(maxAttempts = 8),
            cache = Cache(Files.createTempDirectory("conduit-http-cache").toFile(), 10L * 1024 * 1024),
        )
        val users = UsersApi(baseUrl, client)
        val articles = ArticlesApi(baseUrl, client)
        val comments = CommentsApi(baseUrl, client)
        val favorites = FavoritesApi(baseUrl, client)
        val profiles = ProfilesApi(baseUrl, client)
    }

    init {
        writer.session.onRevoked { revocations += it }
    }

    /** What an app does when a call the SDK must not retry (login) fails on the network or with a 503: tap again. */
    private fun <T> tapAgain(call: () -> T): T {
        repeat(9) {
            try {
                return call()
            } catch (e: IOException) {
                Thread.sleep(100)
            } catch (e: ServerException) {
                if (e.statusCode != 503) throw e
                Thread.sleep(100)
            }
        }
        return call()
    }

    @AfterAll
    fun report() {
        System.getenv("JOURNEY_REPORT")?.let {
            File(it).writeText(Serializer.moshi.adapter(Map::class.java).toJson(intended))
        }
    }

    @Test
    @Order(1)
    fun `signs up (which signs in) and signs in again`() {
        writer.users.createUser(NewUserRequest(NewUser(username = username, email = email, password = password)))
        assertTrue(writer.session.signedIn, "registration signed the session in")
        friend.users.createUser(NewUserRequest(NewUser(username = "androidfriend$run", email = "androidfriend$run@example.com", password = password)))
        tapAgain { writer.users.login(LoginUserRequest(LoginUser(email = email, password = password))) }
        assertEquals(username, writer.users.getCurrentUser().user.username)
    }

    @Test
    @Order(2)
    fun `publishes an article and finds it by its author`() {
        val title = "Published SDK $run"
        intended.getValue("articles")[title] = 1
        slug = writer.articles.createArticle(
            NewArticleRequest(NewArticle(title = title, description = "from Maven", body = "resolved by version")),
        ).article.slug
        val list = writer.articles.getArticles(author = username)
        assertEquals(listOf(slug), list.articles.map { it.slug })
        assertEquals(1, list.articlesCount)
    }

    @Test
    @Order(3)
    fun `keeps writing while its access token expires, comments in parallel, each written once`() {
        val pool = Executors.newFixedThreadPool(5)
        try {
            for (round in 1..4) {
                val bodies = (0 until 5).map { "comment $run $round.$it" }
                bodies.forEach { intended.getValue("comments")[it] = 1 }
                pool.invokeAll(bodies.map { body ->
                    Callable { writer.comments.createArticleComment(slug, NewCommentRequest(NewComment(body = body))) }
                }).forEach { it.get() }
                friend.favorites.createArticleFavorite(slug)
                friend.profiles.followUserByUsername(username)
                assertEquals(listOf(slug), friend.articles.getArticlesFeed().articles.map { it.slug })
                assertEquals(1, writer.articles.getArticle(slug).article.favoritesCount)
                Thread.sleep(1_200)
            }
        } finally {
            pool.shutdown()
        }
        val bodies = writer.comments.getArticleComments(slug).comments.map { it.body }.sorted()
        assertEquals(intended.getValue("comments").keys.sorted(), bodies)
        assertEquals(emptyList<SessionRevokedEvent>(), revocations.toList(), "the session lived through every expiry")
        assertTrue(writer.session.signedIn)
    }

    @Test
    @Order(4)
    fun `gets a blank title back as a typed 422 keyed by the field`() {
        val error = assertThrows<ClientException> {
            writer.articles.createArticle(NewArticleRequest(NewArticle(title = "", description = "d", body = "b")))
        }
        assertEquals(422, error.statusCode)
        assertEquals(setOf("title"), error.errors.keys)
    }

    @Test
    @Order(5)
    fun `deletes the article, after which it is a typed 404`() {
        // A DELETE whose answer was lost is sent again and finds nothing to delete: gone either way.
        try {
            writer.articles.deleteArticle(slug)
        } catch (e: ClientException) {
            if (e.statusCode != 404) throw e
        }
        intended.getValue("articles").replaceAll { _, _ -> 0 }
        intended.getValue("comments").replaceAll { _, _ -> 0 }
        val error = assertThrows<ClientException> { writer.articles.getArticle(slug) }
        assertEquals(404, error.statusCode)
        assertEquals(mapOf("article" to listOf("not found")), error.errors)
    }

    @Test
    @Order(6)
    fun `publishes a second article that stays, for the database check`() {
        val title = "Kept $run"
        val kept = writer.articles.createArticle(NewArticleRequest(NewArticle(title = title, description = "kept", body = "stays"))).article
        intended.getValue("articles")[title] = 1
        val bodies = (0 until 6).map { "kept comment $run $it" }
        bodies.forEach { intended.getValue("comments")[it] = 1 }
        val pool = Executors.newFixedThreadPool(3)
        try {
            pool.invokeAll(bodies.map { body ->
                Callable { writer.comments.createArticleComment(kept.slug, NewCommentRequest(NewComment(body = body))) }
            }).forEach { it.get() }
        } finally {
            pool.shutdown()
        }
        assertEquals(6, writer.comments.getArticleComments(kept.slug).comments.size)
    }
}
