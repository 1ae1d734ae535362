package dev.conduit.client

import dev.conduit.client.infrastructure.ApiClient
import okhttp3.Interceptor
import okhttp3.OkHttpClient
import okhttp3.Response

/**
 * Sends the signed-in user's JWT as `Authorization: Token <jwt>` on every request made through [client];
 * no header while [token] is null (signed out). One per user session, unlike the generated
 * `ApiClient.apiKey`, which is a single global map.
 *
 * ```
 * val auth = ConduitAuth()
 * val users = UsersApi(baseUrl, auth.client())
 * auth.token = users.login(LoginUserRequest(LoginUser(email, password))).user.token
 * ```
 */
class ConduitAuth(@Volatile var token: String? = null) : Interceptor {

    override fun intercept(chain: Interceptor.Chain): Response {
        val jwt = token ?: return chain.proceed(chain.request())
        return chain.proceed(chain.request().newBuilder().header("Authorization", "Token $jwt").build())
    }

    /** [base] (by default the generated APIs' shared client) plus this interceptor; shares [base]'s connection pool. */
    fun client(base: OkHttpClient = ApiClient.defaultClient): OkHttpClient =
        base.newBuilder().addInterceptor(this).build()
}
