package dev.conduit.client

import dev.conduit.client.infrastructure.ApiClient
import dev.conduit.client.infrastructure.Serializer
import okhttp3.Cache
import okhttp3.Interceptor
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import okhttp3.Response
import java.io.IOException
import java.time.Duration
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import java.util.UUID
import java.util.concurrent.ThreadLocalRandom

/**
 * How calls are retried: at most [maxAttempts] attempts (the first included; 1 turns retries off), none starting
 * later than [maxElapsed] after the call began, waiting a random time up to [baseDelay] doubled per attempt and
 * capped at [maxDelay] ("full jitter"), or what `Retry-After` asks for.
 */
data class ConduitRetry(
    val maxAttempts: Int = 5,
    val maxElapsed: Duration = Duration.ofSeconds(20),
    val baseDelay: Duration = Duration.ofMillis(200),
    val maxDelay: Duration = Duration.ofSeconds(5),
)

/**
 * What the contract (api-spec/openapi.yaml) says about retrying each operation; `ConduitPoliciesTest` holds these
 * tables to the spec.
 */
object ConduitPolicies {
    /** The operations that declare the `Idempotency-Key` header: each call gets one, reused by its retries. */
    val idempotencyKeyOperations: List<String> = listOf(
        "POST /api/users",
        "POST /api/articles",
        "POST /api/articles/{slug}/comments",
    )

    /** POSTs without a key that are idempotent in effect by the contract (api-spec/README.md: follow / favorite). */
    val idempotentPostOperations: List<String> = listOf(
        "POST /api/profiles/{username}/follow",
        "POST /api/articles/{slug}/favorite",
    )

    private val idempotentMethods = setOf("GET", "HEAD", "PUT", "DELETE", "OPTIONS")
    private val takesKey = idempotencyKeyOperations.map(::matcher)
    private val idempotentPost = idempotentPostOperations.map(::matcher)

    /** True when the operation at [method] and [path] (a URL's path) declares the Idempotency-Key header. */
    fun takesIdempotencyKey(method: String, path: String): Boolean = takesKey.any { it(method.uppercase(), path) }

    /** True when sending the request again cannot do its work twice. */
    fun isRetrySafe(method: String, path: String, hasIdempotencyKey: Boolean): Boolean {
        val upper = method.uppercase()
        return upper in idempotentMethods || hasIdempotencyKey || idempotentPost.any { it(upper, path) }
    }

    private fun matcher(route: String): (String, String) -> Boolean {
        val (routeMethod, template) = route.split(' ', limit = 2)
        val segments = template.trimStart('/').split('/').joinToString("/") {
            if (it.startsWith("{")) "[^/]+" else Regex.escape(it)
        }
        val pattern = Regex("(?:^|/)$segments$")
        return { method, path -> method == routeMethod && pattern.containsMatchIn(path) }
    }
}

/**
 * OkHttp clients for the generated APIs (`ArticlesApi(baseUrl, client)`) that make calls safe on a bad network:
 *
 * - a [ConduitSession]: signing in through the SDK stores the tokens, an expired access token is refreshed once
 *   for all concurrent calls and the call sent again, and a session the service ended reaches `onRevoked`;
 * - an `Idempotency-Key` per call on the operations that take one, unless the caller passed one;
 * - retries of connection failures, 429, 502, 503 and 504 with backoff and jitter, honouring `Retry-After`,
 *   bounded by [ConduitRetry], and only when sending again cannot do the work twice (GET, PUT, DELETE, a POST with
 *   a key, follow, favorite; never login, logout or the other POSTs). OkHttp's own silent retry of failed
 *   connections is turned off for the same reason;
 * - with a [Cache], OkHttp's HTTP cache: GETs revalidate with `If-None-Match`, and a 304 is answered from it;
 * - reads send back the `Conduit-Consistency-Token` of the last write, so a service with read replicas serves them
 *   only from a replica that has caught up with it: the app always reads its own writes.
 */
object ConduitHttp {

    fun client(
        session: ConduitSession? = null,
        retry: ConduitRetry = ConduitRetry(),
        idempotencyKeys: Boolean = true,
        cache: Cache? = null,
        base: OkHttpClient = ApiClient.defaultClient,
    ): OkHttpClient {
        val refreshClient = base.newBuilder().retryOnConnectionFailure(false)
            .addInterceptor(RetryInterceptor(retry, idempotencyKeys = false, alwaysSafe = true)).build()
        return base.newBuilder()
            .retryOnConnectionFailure(false)
            .addInterceptor(RetryInterceptor(retry, idempotencyKeys, alwaysSafe = false))
            .addInterceptor(ConsistencyInterceptor())
            .apply { if (session != null) addInterceptor(SessionInterceptor(session, refreshClient)) }
            .apply { if (cache != null) cache(cache) }
            .build()
    }
}

/** Adds the Idempotency-Key and retries what is safe to retry. */
private class RetryInterceptor(
    private val retry: ConduitRetry,
    private val idempotencyKeys: Boolean,
    private val alwaysSafe: Boolean,
) : Interceptor {

    override fun intercept(chain: Interceptor.Chain): Response {
        var request = chain.request()
        val path = request.url.encodedPath
        if (idempotencyKeys && request.header("Idempotency-Key") == null &&
            ConduitPolicies.takesIdempotencyKey(request.method, path)
        ) {
            // One key per logical call: every retry below sends the same request, key included.
            request = request.newBuilder().header("Idempotency-Key", UUID.randomUUID().toString()).build()
        }
        val safe = alwaysSafe || ConduitPolicies.isRetrySafe(request.method, path, request.header("Idempotency-Key") != null)
        val started = System.nanoTime()
        var attempt = 1
        while (true) {
            val last = !safe || attempt >= retry.maxAttempts
            val response = try {
                chain.proceed(request)
            } catch (e: IOException) {
                if (last || chain.call().isCanceled()) throw e
                val wait = backoff(attempt)
                if (elapsedMillis(started) + wait > retry.maxElapsed.toMillis()) throw e
                Thread.sleep(wait)
                attempt++
                continue
            }
            if (last || response.code !in RETRIED_STATUSES) return response
            val wait = retryAfterMillis(response) ?: backoff(attempt)
            if (elapsedMillis(started) + wait > retry.maxElapsed.toMillis()) return response
            response.close()
            Thread.sleep(wait)
            attempt++
        }
    }

    private fun backoff(attempt: Int): Long {
        val bound = minOf(retry.maxDelay.toMillis(), retry.baseDelay.toMillis() shl (attempt - 1).coerceAtMost(20))
        return ThreadLocalRandom.current().nextLong(bound + 1)
    }

    private fun elapsedMillis(started: Long) = (System.nanoTime() - started) / 1_000_000

    /** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date. */
    private fun retryAfterMillis(response: Response): Long? {
        val value = response.header("Retry-After")?.trim() ?: return null
        value.toLongOrNull()?.let { return it * 1000 }
        return try {
            maxOf(0, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() -
                System.currentTimeMillis())
        } catch (e: Exception) {
            null
        }
    }

    private companion object {
        val RETRIED_STATUSES = setOf(429, 502, 503, 504)
    }
}

/** Remembers the consistency token of the last answer that carried one and sends it with every read. */
private class ConsistencyInterceptor : Interceptor {

    @Volatile
    private var token: String? = null

    override fun intercept(chain: Interceptor.Chain): Response {
        val request = chain.request()
        val last = token
        val sent = if (last != null && (request.method == "GET" || request.method == "HEAD") && request.header(HEADER) == null) {
            request.newBuilder().header(HEADER, last).build()
        } else {
            request
        }
        return chain.proceed(sent).also { response -> response.header(HEADER)?.let { token = it } }
    }

    private companion object {
        const val HEADER = "Conduit-Consistency-Token"
    }
}

/** Sends the session's token, refreshes it once for all calls when it expires, and follows sign-in and logout. */
private class SessionInterceptor(
    private val session: ConduitSession,
    private val refreshClient: OkHttpClient,
) : Interceptor {

    override fun intercept(chain: Interceptor.Chain): Response {
        val request = chain.request()
        if (session.signedIn && session.expiresSoon()) session.refresh(session.token) { send(request, it) }
        val sent = session.token
        var response = chain.proceed(authorized(request, sent))
        if (response.code == 401 && sent != null && isTokenProblem(response)) {
            val outcome = session.refresh(sent) { send(request, it) }
            val now = session.token
            if (outcome == ConduitSession.Outcome.REFRESHED && now != null) {
                response.close()
                response = chain.proceed(authorized(request, now))
            }
        }
        if (response.isSuccessful) follow(request, response)
        return response
    }

    private fun authorized(request: Request, token: String?): Request =
        if (token == null) request else request.newBuilder().header("Authorization", "Token $token").build()

    /** A 401 about the access token (`{"errors":{"token":[...]}}`), not e.g. a failed login. */
    private fun isTokenProblem(response: Response): Boolean =
        readUser(response.peekBody(MAX_PEEK).string(), key = "errors")?.containsKey("token") == true

    private fun send(call: Request, refreshToken: String): Pair<Int, SessionTokens?> {
        val url = call.url.newBuilder().encodedPath(rootPath(call.url.encodedPath) + "api/auth/refresh").query(null).build()
        val body = Serializer.moshi.adapter(Map::class.java).toJson(mapOf("refreshToken" to refreshToken))
        val refresh = Request.Builder().url(url).header("Accept", "application/json")
            .post(body.toRequestBody(JSON)).build()
        refreshClient.newCall(refresh).execute().use { response ->
            return response.code to (if (response.isSuccessful) tokensIn(response.body?.string().orEmpty()) else null)
        }
    }

    /** Keeps the session in step with answers that start, continue or end it. */
    private fun follow(request: Request, response: Response) {
        val path = request.url.encodedPath
        if (request.method == "POST" && LOGOUTS.containsMatchIn(path)) {
            session.signOut()
            return
        }
        if ((request.method == "POST" || request.method == "PUT") && SESSION_ANSWERS.containsMatchIn(path)) {
            tokensIn(response.peekBody(MAX_PEEK).string())?.let(session::signIn)
        }
    }

    private fun tokensIn(json: String): SessionTokens? {
        val user = readUser(json, key = "user") ?: return null
        val token = user["token"] as? String ?: return null
        return SessionTokens(token, user["refreshToken"] as? String)
    }

    private fun readUser(json: String, key: String): Map<*, *>? = try {
        Serializer.moshi.adapter(Map::class.java).fromJson(json)?.get(key) as? Map<*, *>
    } catch (e: Exception) {
        null
    }

    /** The path before `api/` (with its trailing slash): `/` or, under a prefix, e.g. `/conduit/`. */
    private fun rootPath(path: String): String = path.substring(0, path.indexOf("/api/").coerceAtLeast(0)) + "/"

    private companion object {
        const val MAX_PEEK = 1L shl 20
        val JSON = "application/json".toMediaType()
        val SESSION_ANSWERS = Regex("(?:^|/)api/(?:users|users/login|user|auth/refresh)$")
        val LOGOUTS = Regex("(?:^|/)api/auth/(?:logout|logout-all)$")
    }
}
