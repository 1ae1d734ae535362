package dev.conduit.client

import dev.conduit.client.apis.ArticlesApi
import dev.conduit.client.apis.SessionsApi
import dev.conduit.client.apis.UsersApi
import dev.conduit.client.infrastructure.ClientException
import dev.conduit.client.infrastructure.ServerException
import dev.conduit.client.models.LoginUser
import dev.conduit.client.models.LoginUserRequest
import dev.conduit.client.models.NewArticle
import dev.conduit.client.models.NewArticleRequest
import dev.conduit.client.models.NewUser
import dev.conduit.client.models.NewUserRequest
import okhttp3.Interceptor
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Protocol
import okhttp3.Request
import okhttp3.Response
import okhttp3.ResponseBody.Companion.toResponseBody
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.IOException
import java.time.Duration
import java.util.Base64
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.Executors

/**
 * [ConduitHttp] against the live service (SERVICE_URL): one refresh for all concurrent calls, a revoked session
 * reported, idempotency keys reused by retries, bounded retries. Faults are injected in a network interceptor
 * (the request still reaches the real service where the fault says so).
 */
class ResilienceIT {

    private val baseUrl = System.getenv("SERVICE_URL")?.trimEnd('/')
        ?: error("Set SERVICE_URL to a running Conduit API, e.g. SERVICE_URL=http://127.0.0.1:8080")

    /** What was sent, with the answer's status or -1 for a network failure. */
    data class Sent(
        val method: String,
        val path: String,
        val idempotencyKey: String?,
        var status: Int = -1,
        val consistencyToken: String? = null,
        var answeredToken: String? = null,
    )

    /** A base client whose network interceptor records every request and lets [fault] replace or break it. */
    private class Faults(val fault: (Sent, Int) -> Any? = { _, _ -> null }) : Interceptor {
        val log: MutableList<Sent> = Collections.synchronizedList(mutableListOf())
        val base: OkHttpClient = OkHttpClient.Builder().addNetworkInterceptor(this).build()

        override fun intercept(chain: Interceptor.Chain): Response {
            val request = chain.request()
            val sent = Sent(request.method, request.url.encodedPath, request.header("Idempotency-Key"),
                consistencyToken = request.header("Conduit-Consistency-Token"))
            log += sent
            val count = synchronized(log) { log.count { it.method == sent.method && it.path == sent.path } }
            return when (val decision = fault(sent, count)) {
                "unreachable" -> throw IOException("injected: connection refused")
                "lost" -> {
                    chain.proceed(request).close()
                    throw IOException("injected: connection reset after the request was processed")
                }
                // A network interceptor must call proceed() once: the service answers, a gateway replaces it.
                is Int -> synthetic(request, decision).also { chain.proceed(request).close(); sent.status = decision }
                else -> chain.proceed(request).also {
                    sent.status = it.code
                    sent.answeredToken = it.header("Conduit-Consistency-Token")
                }
            }
        }

        private fun synthetic(request: Request, status: Int) = Response.Builder().request(request)
            .protocol(Protocol.HTTP_1_1).code(status).message("Injected").header("Retry-After", "1")
            .body("""{"errors":{"service":["is temporarily unavailable; retry shortly"]}}""".toResponseBody("application/json".toMediaType()))
            .build()
    }

    private val run get() = "${System.currentTimeMillis()}${(0..99999).random()}"

    private fun signUp(session: ConduitSession): String {
        val name = "ktres$run"
        UsersApi(baseUrl, ConduitHttp.client(session)).createUser(
            NewUserRequest(NewUser(username = name, email = "$name@example.com", password = "resilient-pass")),
        )
        return name
    }

    private fun expiredJwt(): String {
        fun part(json: String) = Base64.getUrlEncoder().withoutPadding().encodeToString(json.toByteArray())
        return "${part("""{"alg":"HS256"}""")}.${part("""{"sub":"1","exp":${System.currentTimeMillis() / 1000 - 60}}""")}.c2ln"
    }

    @Test
    fun `registration signs the session in`() {
        val session = ConduitSession()
        val changes = mutableListOf<SessionTokens?>()
        session.onChange { changes += it }
        val name = signUp(session)
        assertTrue(session.signedIn)
        assertTrue(session.tokens?.refreshToken != null)
        assertEquals(1, changes.size)
        assertEquals(name, UsersApi(baseUrl, ConduitHttp.client(session)).getCurrentUser().user.username)
    }

    @Test
    fun `a refused access token is refreshed once for all concurrent calls`() {
        val session = ConduitSession()
        signUp(session)
        val before = session.tokens!!.refreshToken
        session.signIn(SessionTokens("not-a-valid-token", before))
        val faults = Faults()
        val users = UsersApi(baseUrl, ConduitHttp.client(session, base = faults.base))
        val pool = Executors.newFixedThreadPool(10)
        try {
            pool.invokeAll(List(10) { Callable { users.getCurrentUser() } }).forEach { it.get() }
        } finally {
            pool.shutdown()
        }
        assertEquals(1, faults.log.count { it.path == "/api/auth/refresh" }, "one refresh for ten calls")
        assertNotEquals(before, session.tokens!!.refreshToken)
        assertEquals(10, faults.log.count { it.path == "/api/user" && it.status == 200 })
    }

    @Test
    fun `an access token that has expired is refreshed before sending`() {
        val session = ConduitSession()
        signUp(session)
        session.signIn(SessionTokens(expiredJwt(), session.tokens!!.refreshToken))
        val faults = Faults()
        UsersApi(baseUrl, ConduitHttp.client(session, base = faults.base)).getCurrentUser()
        assertEquals(listOf("/api/auth/refresh 200", "/api/user 200"), faults.log.map { "${it.path} ${it.status}" })
    }

    @Test
    fun `a refresh whose answer was lost is retried, and the session survives`() {
        val session = ConduitSession()
        signUp(session)
        session.signIn(SessionTokens("expired", session.tokens!!.refreshToken))
        val faults = Faults { sent, count -> if (sent.path == "/api/auth/refresh" && count == 1) "lost" else null }
        val client = ConduitHttp.client(session, ConduitRetry(baseDelay = Duration.ofMillis(10)), base = faults.base)
        UsersApi(baseUrl, client).getCurrentUser()
        assertEquals(listOf(-1, 200), faults.log.filter { it.path == "/api/auth/refresh" }.map { it.status })
        session.signIn(SessionTokens("expired-again", session.tokens!!.refreshToken))
        UsersApi(baseUrl, client).getCurrentUser()
    }

    @Test
    fun `a session ended elsewhere is reported once and the calls fail with a typed 401`() {
        val session = ConduitSession()
        val name = signUp(session)
        val other = ConduitSession()
        val otherClient = ConduitHttp.client(other)
        UsersApi(baseUrl, otherClient).login(LoginUserRequest(LoginUser(email = "$name@example.com", password = "resilient-pass")))
        SessionsApi(baseUrl, otherClient).logoutEverywhere()
        assertFalse(other.signedIn, "logging out signs the session out")

        val events = Collections.synchronizedList(mutableListOf<SessionRevokedEvent>())
        session.onRevoked { events += it }
        val users = UsersApi(baseUrl, ConduitHttp.client(session))
        repeat(3) {
            val error = assertThrows<ClientException> { users.getCurrentUser() }
            assertEquals(401, error.statusCode)
            assertTrue("token" in error.errors)
        }
        assertEquals(listOf(SessionRevokedEvent("refresh-refused", 401)), events.toList())
        assertFalse(session.signedIn)
    }

    @Test
    fun `a POST that takes a key gets one, which its retry reuses, and writes once`() {
        val session = ConduitSession()
        val name = signUp(session)
        val faults = Faults { sent, count -> if (sent.method == "POST" && sent.path == "/api/articles" && count == 1) "lost" else null }
        val articles = ArticlesApi(baseUrl, ConduitHttp.client(session, ConduitRetry(baseDelay = Duration.ofMillis(10)), base = faults.base))

        articles.createArticle(NewArticleRequest(NewArticle(title = "Once $name", description = "d", body = "b")))

        val posts = faults.log.filter { it.method == "POST" && it.path == "/api/articles" }
        assertEquals(2, posts.size)
        assertTrue(posts[0].idempotencyKey!!.matches(Regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
        assertEquals(posts[0].idempotencyKey, posts[1].idempotencyKey, "the retry sends the same key")
        assertEquals(1, articles.getArticles(author = name).articlesCount)
    }

    @Test
    fun `reads send the consistency token of the last write`() {
        val session = ConduitSession()
        val name = signUp(session)
        val faults = Faults()
        val articles = ArticlesApi(baseUrl, ConduitHttp.client(session, base = faults.base))

        val slug = articles.createArticle(NewArticleRequest(NewArticle(title = "Read $name", description = "d", body = "b"))).article.slug
        articles.getArticle(slug)

        val write = faults.log.single { it.method == "POST" }
        assertTrue(write.answeredToken != null, "a write answers with a consistency token")
        assertEquals(null, write.consistencyToken, "writes do not send it")
        assertEquals(write.answeredToken, faults.log.last { it.method == "GET" }.consistencyToken)
    }

    @Test
    fun `a POST that could do its work twice is never retried`() {
        val faults = Faults { sent, _ -> if (sent.path == "/api/users/login") "unreachable" else null }
        val users = UsersApi(baseUrl, ConduitHttp.client(ConduitSession(), base = faults.base))
        assertThrows<IOException> { users.login(LoginUserRequest(LoginUser(email = "a@example.com", password = "whatever-it-is"))) }
        assertEquals(1, faults.log.size)
    }

    @Test
    fun `a 503 is retried after its Retry-After, and given up after maxAttempts`() {
        val once = Faults { _, count -> if (count == 1) 503 else null }
        val started = System.nanoTime()
        ArticlesApi(baseUrl, ConduitHttp.client(base = once.base)).getArticles(limit = 1)
        assertTrue((System.nanoTime() - started) / 1_000_000 >= 1000, "waited the second Retry-After asked for")
        assertEquals(listOf(503, 200), once.log.map { it.status })

        val always = Faults { _, _ -> 503 }
        val error = assertThrows<ServerException> {
            ArticlesApi(baseUrl, ConduitHttp.client(retry = ConduitRetry(maxAttempts = 3), base = always.base)).getArticles()
        }
        assertEquals(503, error.statusCode)
        assertEquals(3, always.log.size)
    }
}
