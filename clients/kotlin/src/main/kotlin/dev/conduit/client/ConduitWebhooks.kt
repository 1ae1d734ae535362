@file:JvmName("ConduitWebhooks")

package dev.conduit.client

import dev.conduit.client.infrastructure.Serializer
import dev.conduit.client.models.WebhookMessage
import java.security.MessageDigest
import java.time.Instant
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import kotlin.math.abs

// Verifies webhook deliveries from Conduit API (Standard Webhooks, standardwebhooks.com): `webhook-signature` holds
// `v1,` + base64(HMAC-SHA256(base64-decoded secret after `whsec_`, "<webhook-id>.<webhook-timestamp>.<body>")), two
// of them, separated by a space, during a secret rotation. Pass the raw body exactly as it arrived.

/** A delivery that must not be trusted: bad or missing signature, or a timestamp outside the tolerance. */
class WebhookVerificationException(message: String) : Exception(message)

/**
 * Checks the delivery against the endpoint's secret and returns its message; header names are matched regardless
 * of case. A `webhook-timestamp` more than [toleranceSeconds] away from [now] is refused, as a replay.
 */
@JvmOverloads
fun verifyWebhook(
    secret: String,
    headers: Map<String, String>,
    body: String,
    toleranceSeconds: Long = 300,
    now: Instant = Instant.now(),
): WebhookMessage {
    fun header(name: String) = headers.entries.firstOrNull { it.key.equals(name, ignoreCase = true) }?.value
    val id = header("webhook-id")
    val timestamp = header("webhook-timestamp")
    val signatures = header("webhook-signature")
    if (id == null || timestamp == null || signatures == null) {
        throw WebhookVerificationException("missing webhook-id, webhook-timestamp or webhook-signature")
    }
    val sentAt = timestamp.toLongOrNull()
    if (sentAt == null || abs(now.epochSecond - sentAt) > toleranceSeconds) {
        throw WebhookVerificationException("webhook-timestamp is not within $toleranceSeconds seconds of now")
    }
    val mac = Mac.getInstance("HmacSHA256")
    mac.init(SecretKeySpec(Base64.getDecoder().decode(secret.removePrefix("whsec_")), "HmacSHA256"))
    val expected = mac.doFinal("$id.$timestamp.$body".toByteArray(Charsets.UTF_8))
    val matches = signatures.split(' ').any { entry ->
        val parts = entry.split(',', limit = 2)
        parts.size == 2 && parts[0] == "v1" &&
            runCatching { MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected) }.getOrDefault(false)
    }
    if (!matches) {
        throw WebhookVerificationException("no signature matches the secret")
    }
    return Serializer.moshi.adapter(WebhookMessage::class.java).fromJson(body)
        ?: throw WebhookVerificationException("the body is not a webhook message")
}
