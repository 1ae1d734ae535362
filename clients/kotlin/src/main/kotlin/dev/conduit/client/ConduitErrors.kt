@file:JvmName("ConduitErrors")

package dev.conduit.client

import com.squareup.moshi.JsonDataException
import dev.conduit.client.infrastructure.ClientError
import dev.conduit.client.infrastructure.ClientException
import dev.conduit.client.infrastructure.Response
import dev.conduit.client.infrastructure.Serializer
import dev.conduit.client.infrastructure.ServerError
import dev.conduit.client.infrastructure.ServerException
import dev.conduit.client.models.ErrorResponse
import java.io.IOException

// The generated APIs throw ClientException for a 4xx answer and ServerException for anything else outside
// 2xx, and keep the body as a string; these read it as the contract's ErrorResponse,
// {"errors":{"<key>":["<message>", ...]}}, keyed by what each problem is about. `statusCode` says which:
// 401 `token` (missing, invalid, expired or revoked) or `credentials` (wrong login), 403 the resource
// (`article`, `comment`: forbidden), 404 the resource (`article`, `comment`, `profile`: not found), 409 the taken
// field (`username`, `email`), 422 each invalid field, 429 `rateLimit`, 503 `service`.

/** The RealWorld error body of the answer, or null when it carried none. */
val ClientException.errorResponse: ErrorResponse?
    get() = parseErrorBody(response)

/** The problems by key, e.g. `{title=[can't be blank]}` or `{username=[has already been taken]}`; empty when there is no body. */
val ClientException.errors: Map<String, List<String>>
    get() = errorResponse?.errors.orEmpty()

/** Every problem as one readable line, key and message together, e.g. `["title can't be blank"]`; empty when there is no body. */
val ClientException.errorMessages: List<String>
    get() = joinMessages(errors)

/** The RealWorld error body of the answer, or null when it carried none. */
val ServerException.errorResponse: ErrorResponse?
    get() = parseErrorBody(response)

/** The problems by key, e.g. `{service=[is temporarily unavailable; retry shortly]}`; empty when there is no body. */
val ServerException.errors: Map<String, List<String>>
    get() = errorResponse?.errors.orEmpty()

/** Every problem as one readable line, e.g. `["service is temporarily unavailable; retry shortly"]`. */
val ServerException.errorMessages: List<String>
    get() = joinMessages(errors)

private fun joinMessages(errors: Map<String, List<String>>): List<String> =
    errors.flatMap { (key, messages) -> messages.map { "$key $it" } }

private fun parseErrorBody(response: Response?): ErrorResponse? {
    val body = when (response) {
        is ClientError<*> -> response.body
        is ServerError<*> -> response.body
        else -> null
    } as? String ?: return null
    return try {
        Serializer.moshi.adapter(ErrorResponse::class.java).fromJson(body)
    } catch (e: IOException) {
        null
    } catch (e: JsonDataException) {
        null
    }
}
