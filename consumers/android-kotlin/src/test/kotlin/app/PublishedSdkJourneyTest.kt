package app

import dev.conduit.client.ConduitAuth
import dev.conduit.client.apis.ArticlesApi
import dev.conduit.client.apis.UsersApi
import dev.conduit.client.errors
import dev.conduit.client.infrastructure.ClientException
import dev.conduit.client.models.LoginUser
import dev.conduit.client.models.LoginUserRequest
import dev.conduit.client.models.NewArticle
import dev.conduit.client.models.NewArticleRequest
import dev.conduit.client.models.NewUser
import dev.conduit.client.models.NewUserRequest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.MethodOrderer
import org.junit.jupiter.api.Order
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.TestMethodOrder
import org.junit.jupiter.api.assertThrows

/** An app's journey through the SDK as resolved from the Maven repository: sign up, sign in, write, read, fail typed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation::class)
class PublishedSdkJourneyTest {

    private val baseUrl = System.getenv("SERVICE_URL")?.trimEnd('/')
        ?: error("Set SERVICE_URL to a running Conduit API, e.g. SERVICE_URL=http://127.0.0.1:8080")
    private val run = "${System.currentTimeMillis()}${(0..999).random()}"
    private val username = "android$run"
    private val email = "$username@example.com"
    private val password = "android-passphrase"
    private val auth = ConduitAuth()
    private val users = UsersApi(baseUrl, auth.client())
    private val articles = ArticlesApi(baseUrl, auth.client())
    private lateinit var slug: String

    @Test
    @Order(1)
    fun `signs up and signs in`() {
        users.createUser(NewUserRequest(NewUser(username = username, email = email, password = password)))
        auth.token = users.login(LoginUserRequest(LoginUser(email = email, password = password))).user.token
        assertEquals(username, users.getCurrentUser().user.username)
    }

    @Test
    @Order(2)
    fun `publishes an article and finds it by its author`() {
        slug = articles.createArticle(
            NewArticleRequest(NewArticle(title = "Published SDK $run", description = "from Maven", body = "resolved by version")),
        ).article.slug
        val list = articles.getArticles(author = username)
        assertEquals(listOf(slug), list.articles.map { it.slug })
        assertEquals(1, list.articlesCount)
    }

    @Test
    @Order(3)
    fun `gets a blank title back as a typed 422 keyed by the field`() {
        val error = assertThrows<ClientException> {
            articles.createArticle(NewArticleRequest(NewArticle(title = "", description = "d", body = "b")))
        }
        assertEquals(422, error.statusCode)
        assertEquals(setOf("title"), error.errors.keys)
    }

    @Test
    @Order(4)
    fun `deletes the article, after which it is a typed 404`() {
        articles.deleteArticle(slug)
        val error = assertThrows<ClientException> { articles.getArticle(slug) }
        assertEquals(404, error.statusCode)
        assertEquals(mapOf("article" to listOf("not found")), error.errors)
    }
}
