package dev.conduit.client

import dev.conduit.client.infrastructure.Serializer
import java.util.Base64
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/** The two tokens of a session, as login, registration, a refresh and a password change return them. */
data class SessionTokens(
    /** The access token (a JWT), sent as `Authorization: Token <token>`. */
    val token: String,
    /** The refresh token; without one the session ends when its access token expires. */
    val refreshToken: String? = null,
)

/** The service ended a session the app had not ended: its refresh token was refused. */
data class SessionRevokedEvent(
    /** `refresh-refused` (logged out elsewhere, password changed, refresh token expired) or `no-refresh-token`. */
    val reason: String,
    /** The status the service answered with (401). */
    val status: Int,
)

/**
 * The signed-in user's session, shared by every API object built on one [ConduitHttp.client]. The client stores
 * the tokens itself when login, registration, a refresh or a password change returns them, and forgets them on
 * logout; restore a stored session with `ConduitSession(tokens)`.
 *
 * When the access token expires, the first call to notice (a 401 `token` answer, or a JWT that expires within
 * the margin) refreshes the session, and every other call waits for that one refresh: a second refresh with the
 * same refresh token would look like theft to the service. When the refresh is refused, the tokens are dropped
 * and [onRevoked] listeners hear why, so the app can show its login screen.
 */
class ConduitSession(tokens: SessionTokens? = null) {

    @Volatile
    private var current: SessionTokens? = tokens
    private val refreshLock = ReentrantLock()
    private val changeListeners = CopyOnWriteArrayList<(SessionTokens?) -> Unit>()
    private val revokedListeners = CopyOnWriteArrayList<(SessionRevokedEvent) -> Unit>()

    /** The tokens, to store (e.g. in EncryptedSharedPreferences) and restore on the next start; null when signed out. */
    val tokens: SessionTokens? get() = current

    /** The access token, or null when signed out. */
    val token: String? get() = current?.token

    val signedIn: Boolean get() = current != null

    /** Starts using [tokens]; an answer without a refresh token keeps the current one. */
    fun signIn(tokens: SessionTokens) {
        set(if (tokens.refreshToken == null) tokens.copy(refreshToken = current?.refreshToken) else tokens)
    }

    /** Forgets the tokens (the client calls this when a logout succeeds). */
    fun signOut() {
        if (current != null) set(null)
    }

    /** Calls [listener] with the new tokens (null once signed out) whenever they change. */
    fun onChange(listener: (SessionTokens?) -> Unit) {
        changeListeners += listener
    }

    /** Calls [listener] when the service ends the session (see [SessionRevokedEvent]). */
    fun onRevoked(listener: (SessionRevokedEvent) -> Unit) {
        revokedListeners += listener
    }

    /** True when the access token is a JWT that has expired or expires within 5 s (or a tenth of its lifetime). */
    fun expiresSoon(nowMillis: Long = System.currentTimeMillis()): Boolean {
        val (exp, iat) = jwtTimes(current?.token ?: return false) ?: return false
        val margin = if (iat == null) MARGIN_MILLIS else minOf(MARGIN_MILLIS, (exp - iat) / 10)
        return exp - nowMillis < margin
    }

    /** What a refresh came to. */
    internal enum class Outcome { REFRESHED, REVOKED }

    /**
     * Refreshes because [staleToken] was refused or is about to expire; callers that arrive meanwhile wait for the
     * same refresh, and a caller whose stale token was already replaced returns at once. [send] posts the refresh
     * token and returns the status and, for a 2xx, the new tokens; it throws on a network failure, which keeps the
     * tokens for a later try.
     */
    internal fun refresh(staleToken: String?, send: (String) -> Pair<Int, SessionTokens?>): Outcome = refreshLock.withLock {
        val now = current ?: return Outcome.REVOKED
        if (staleToken != null && now.token != staleToken) return Outcome.REFRESHED
        val refreshToken = now.refreshToken ?: run {
            revoke(SessionRevokedEvent("no-refresh-token", 401))
            return Outcome.REVOKED
        }
        val (status, tokens) = send(refreshToken)
        if (status in 200..299 && tokens != null) {
            set(SessionTokens(tokens.token, tokens.refreshToken ?: refreshToken))
            return Outcome.REFRESHED
        }
        if (status == 401 || status == 422) {
            revoke(SessionRevokedEvent("refresh-refused", status))
            return Outcome.REVOKED
        }
        throw java.io.IOException("refreshing the session failed: HTTP $status")
    }

    private fun revoke(event: SessionRevokedEvent) {
        set(null)
        revokedListeners.forEach { it(event) }
    }

    private fun set(tokens: SessionTokens?) {
        current = tokens
        changeListeners.forEach { it(tokens) }
    }

    private companion object {
        const val MARGIN_MILLIS = 5_000L

        /** The `exp` and `iat` claims of a JWT in milliseconds; null when the token is not a JWT with an `exp`. */
        fun jwtTimes(token: String): Pair<Long, Long?>? {
            val payload = token.split('.').getOrNull(1) ?: return null
            return try {
                val json = String(Base64.getUrlDecoder().decode(payload.trimEnd('=')))
                val claims = Serializer.moshi.adapter(Map::class.java).fromJson(json) ?: return null
                val exp = (claims["exp"] as? Number)?.toLong() ?: return null
                exp * 1000 to (claims["iat"] as? Number)?.toLong()?.times(1000)
            } catch (e: Exception) {
                null
            }
        }
    }
}
