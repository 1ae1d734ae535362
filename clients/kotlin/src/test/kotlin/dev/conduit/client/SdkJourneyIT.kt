package dev.conduit.client

import dev.conduit.client.apis.ArticlesApi
import dev.conduit.client.apis.CommentsApi
import dev.conduit.client.apis.FavoritesApi
import dev.conduit.client.apis.ProfilesApi
import dev.conduit.client.apis.TagsApi
import dev.conduit.client.apis.UsersApi
import dev.conduit.client.infrastructure.ClientException
import dev.conduit.client.infrastructure.ServerException
import dev.conduit.client.infrastructure.Success
import dev.conduit.client.models.Article
import dev.conduit.client.models.LoginUser
import dev.conduit.client.models.LoginUserRequest
import dev.conduit.client.models.NewArticle
import dev.conduit.client.models.NewArticleRequest
import dev.conduit.client.models.NewComment
import dev.conduit.client.models.NewCommentRequest
import dev.conduit.client.models.NewUser
import dev.conduit.client.models.NewUserRequest
import dev.conduit.client.models.UpdateArticle
import dev.conduit.client.models.UpdateArticleRequest
import dev.conduit.client.models.UpdateUser
import dev.conduit.client.models.UpdateUserRequest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.MethodOrderer
import org.junit.jupiter.api.Order
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.TestMethodOrder
import org.junit.jupiter.api.assertThrows

/**
 * A real journey through the SDK against a running service (SERVICE_URL, e.g. http://127.0.0.1:8080), in the
 * order an app would make the calls. Steps share state, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation::class)
class SdkJourneyIT {

    private val baseUrl = System.getenv("SERVICE_URL")?.trimEnd('/')
        ?: error("Set SERVICE_URL to a running Conduit API, e.g. SERVICE_URL=http://127.0.0.1:8080")
    private val run = "${System.currentTimeMillis()}${(0..999).random()}"
    private val authorName = "ktauthor$run"
    private val readerName = "ktreader$run"
    private val tag = "sdk$run"
    private val authorPassword = "author-passphrase"
    private val readerPassword = "reader-passphrase"
    private val author = Session(baseUrl)
    private val reader = Session(baseUrl)
    private lateinit var article: Article
    private var commentId = 0L

    /** The APIs of one signed-in user, sharing the token that login or register sets. */
    class Session(baseUrl: String) {
        val auth = ConduitAuth()
        private val client = auth.client()
        val users = UsersApi(baseUrl, client)
        val profiles = ProfilesApi(baseUrl, client)
        val articles = ArticlesApi(baseUrl, client)
        val comments = CommentsApi(baseUrl, client)
        val favorites = FavoritesApi(baseUrl, client)
        val tags = TagsApi(baseUrl, client)
    }

    @BeforeAll
    fun registerReader() {
        reader.auth.token = reader.users.createUser(
            NewUserRequest(NewUser(username = readerName, email = "$readerName@example.com", password = readerPassword)),
        ).user.token
    }

    @Test
    @Order(1)
    fun `registers a user and gets a token`() {
        val user = author.users.createUser(
            NewUserRequest(NewUser(username = authorName, email = "$authorName@example.com", password = authorPassword)),
        ).user
        assertEquals(authorName, user.username)
        assertNull(user.bio)
        assertTrue(user.token.length > 20)
    }

    @Test
    @Order(2)
    fun `reports a taken username as a typed 409 keyed by the field`() {
        val error = assertThrows<ClientException> {
            author.users.createUser(
                NewUserRequest(NewUser(username = authorName, email = "other$run@example.com", password = authorPassword)),
            )
        }
        assertEquals(409, error.statusCode)
        assertEquals(mapOf("username" to listOf("has already been taken")), error.errors)
        assertEquals(listOf("username has already been taken"), error.errorMessages)
    }

    @Test
    @Order(3)
    fun `reports a password under 8 characters as a typed 422 keyed by the field`() {
        val error = assertThrows<ClientException> {
            author.users.createUser(
                NewUserRequest(NewUser(username = "short$run", email = "short$run@example.com", password = "seven77")),
            )
        }
        assertEquals(422, error.statusCode)
        assertEquals(mapOf("password" to listOf("is too short (minimum is 8 characters)")), error.errors)
    }

    @Test
    @Order(4)
    fun `reports a failed login as a typed 401 keyed by credentials`() {
        val error = assertThrows<ClientException> {
            author.users.login(LoginUserRequest(LoginUser(email = "$authorName@example.com", password = "not-the-password")))
        }
        assertEquals(401, error.statusCode)
        assertEquals(mapOf("credentials" to listOf("invalid")), error.errors)
    }

    @Test
    @Order(5)
    fun `logs in and uses the token for the current user`() {
        author.auth.token = author.users.login(
            LoginUserRequest(LoginUser(email = "$authorName@example.com", password = authorPassword)),
        ).user.token
        assertEquals("$authorName@example.com", author.users.getCurrentUser().user.email)
    }

    @Test
    @Order(6)
    fun `updates the user`() {
        val user = author.users.updateCurrentUser(
            UpdateUserRequest(UpdateUser(bio = "I write about dragons", image = "https://example.com/me.png")),
        ).user
        assertEquals("I write about dragons", user.bio)
        assertEquals("https://example.com/me.png", user.image)
    }

    @Test
    @Order(7)
    fun `creates an article with tags`() {
        article = author.articles.createArticle(
            NewArticleRequest(
                NewArticle(
                    title = "How to train your dragon $run",
                    description = "Ever wonder how?",
                    body = "You have to believe",
                    tagList = listOf(tag, "dragons"),
                ),
            ),
        ).article
        assertEquals("how-to-train-your-dragon-$run", article.slug)
        assertEquals(listOf("dragons", tag), article.tagList)
        assertEquals(authorName, article.author.username)
    }

    @Test
    @Order(8)
    fun `replaces the tags of the article with tagList`() {
        article = author.articles.updateArticle(
            article.slug,
            UpdateArticleRequest(UpdateArticle(tagList = listOf("wings", tag, "dragons"))),
        ).article
        assertEquals(listOf("dragons", tag, "wings"), article.tagList)
        assertEquals("You have to believe", article.body, "fields left out stay as they are")
    }

    @Test
    @Order(9)
    fun `lists articles with filters`() {
        val byTag = reader.articles.getArticles(tag = tag, limit = 5)
        assertEquals(1, byTag.articlesCount)
        assertEquals(article.slug, byTag.articles.single().slug)

        val byAuthor = reader.articles.getArticles(author = authorName, tag = "dragons", offset = 0)
        assertEquals(listOf(article.slug), byAuthor.articles.map { it.slug })

        assertEquals(0, reader.articles.getArticles(author = readerName).articlesCount)
    }

    @Test
    @Order(10)
    fun `comments on the article, retrying safely with an Idempotency-Key`() {
        val request = NewCommentRequest(NewComment(body = "Thank you so much!"))
        val created = reader.comments.createArticleCommentWithHttpInfo(article.slug, request, "comment-$run")
        assertEquals(201, created.statusCode)
        val comment = (created as Success).data!!.comment
        commentId = comment.id
        assertEquals(readerName, comment.author.username)

        val retry = reader.comments.createArticleCommentWithHttpInfo(article.slug, request, "comment-$run")
        assertEquals(201, retry.statusCode)
        assertEquals(listOf("true"), retry.headers["idempotent-replayed"])
        assertEquals(comment.id, (retry as Success).data?.comment?.id)

        val comments = author.comments.getArticleComments(article.slug).comments
        assertEquals(listOf("Thank you so much!"), comments.map { it.body })
    }

    @Test
    @Order(11)
    fun `favorites the article and finds it by the favorited filter`() {
        val favorited = reader.favorites.createArticleFavorite(article.slug).article
        assertTrue(favorited.favorited)
        assertEquals(1, favorited.favoritesCount)

        val articles = reader.articles.getArticles(favorited = readerName).articles
        assertEquals(listOf(article.slug to true), articles.map { it.slug to it.favorited })
    }

    @Test
    @Order(12)
    fun `revalidates the article with its ETag - a 304 arrives as ServerException`() {
        val etag = reader.articles.getArticleWithHttpInfo(article.slug, ifNoneMatch = null, conduitConsistencyToken = null).headers["etag"]?.single()
        assertNotNull(etag, "the article carries an ETag")
        // The generated client files every status outside 2xx, 3xx redirects and 4xx under ServerException.
        val notModified = assertThrows<ServerException> { reader.articles.getArticle(article.slug, ifNoneMatch = etag) }
        assertEquals(304, notModified.statusCode)
        assertEquals(emptyMap<String, List<String>>(), notModified.errors)
        assertEquals(emptyList<String>(), notModified.errorMessages)
    }

    @Test
    @Order(13)
    fun `follows the author and reads the feed`() {
        val profile = reader.profiles.followUserByUsername(authorName).profile
        assertTrue(profile.following)
        assertEquals("I write about dragons", profile.bio)

        val feed = reader.articles.getArticlesFeed(limit = 10)
        assertEquals(1, feed.articlesCount)
        assertEquals(article.slug, feed.articles.single().slug)
        assertTrue(feed.articles.single().author.following)

        assertTrue(tag in reader.tags.getTags().tags)
    }

    @Test
    @Order(14)
    fun `reports a missing token as a typed 401`() {
        val anonymous = UsersApi(baseUrl, ConduitAuth().client())
        val error = assertThrows<ClientException> { anonymous.getCurrentUser() }
        assertEquals(401, error.statusCode)
        assertEquals(mapOf("token" to listOf("is missing")), error.errors)
        assertEquals(listOf("token is missing"), error.errorMessages)
    }

    @Test
    @Order(15)
    fun `reports changing someone else's article as a typed 403`() {
        val error = assertThrows<ClientException> { reader.articles.deleteArticle(article.slug) }
        assertEquals(403, error.statusCode)
        assertEquals(mapOf("article" to listOf("forbidden")), error.errors)
    }

    @Test
    @Order(16)
    fun `reports an unknown article as a typed 404`() {
        val error = assertThrows<ClientException> { reader.articles.getArticle("no-such-article-$run") }
        assertEquals(404, error.statusCode)
        assertEquals(mapOf("article" to listOf("not found")), error.errors)
        assertEquals(listOf("article not found"), error.errorMessages)
    }

    @Test
    @Order(17)
    fun `reports invalid input as a typed 422`() {
        val error = assertThrows<ClientException> {
            author.articles.createArticle(NewArticleRequest(NewArticle(title = "", description = "d", body = "b")))
        }
        assertEquals(422, error.statusCode)
        assertEquals(mapOf("title" to listOf("can't be blank")), error.errorResponse?.errors)
        assertEquals(listOf("title can't be blank"), error.errorMessages)
    }

    @Test
    @Order(18)
    fun `unfollows, unfavorites and deletes the comment and the article`() {
        assertEquals(false, reader.profiles.unfollowUserByUsername(authorName).profile.following)
        assertEquals(0, reader.favorites.deleteArticleFavorite(article.slug).article.favoritesCount)
        assertEquals(204, reader.comments.deleteArticleCommentWithHttpInfo(article.slug, commentId).statusCode)
        assertEquals(204, author.articles.deleteArticleWithHttpInfo(article.slug).statusCode)

        val gone = assertThrows<ClientException> { reader.articles.getArticle(article.slug) }
        assertEquals(404, gone.statusCode)
        assertEquals(mapOf("article" to listOf("not found")), gone.errors)
    }
}
