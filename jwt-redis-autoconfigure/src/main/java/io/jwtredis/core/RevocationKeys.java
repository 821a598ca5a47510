package io.jwtredis.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.springframework.util.Assert;

/**
 * Builds the Redis keys that jwt-redis reads and writes.
 * <p>
 * Layout, for a namespace {@code ns}, a subject {@code sub} and a token id {@code jti}:
 * <ul>
 * <li>{@code ns:{S}:r:J} revoked-token marker (value {@code 1}), TTL = remaining token
 * lifetime plus the clock skew, so the marker outlives every instant at which the token
 * could still pass the {@code exp} check;</li>
 * <li>{@code ns:{S}:a} the subject's "log out everywhere" cut-off (epoch seconds; tokens
 * with {@code iat <= cut-off} are revoked), TTL = maximum token lifetime plus the clock
 * skew, after which every token it covers has expired;</li>
 * <li>{@code ns:{S}:c:J} hash of the token's recorded claims, TTL = remaining lifetime
 * plus the clock skew.</li>
 * </ul>
 * {@code S} is the first 128 bits of SHA-256 of the UTF-8 subject and {@code J} the first
 * 128 bits of SHA-256 of the {@code jti}, both base64url without padding (22 characters).
 * Hashing keeps keys short, makes any subject or id string safe (no braces, separators or
 * control characters reach a key) and means no raw token and no token string is ever part
 * of a key. {@code {S}} is a Redis Cluster hash tag: all keys of one subject live in one
 * slot, so one validation is one round trip to one node and scripts never fail with
 * {@code CROSSSLOT}, while different subjects spread over all slots. Every key has a TTL;
 * nothing is ever deleted by a scan.
 *
 * @see <a href=
 * "https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags">Redis
 * Cluster hash tags</a>
 */
public final class RevocationKeys {

	/** Default key namespace. */
	public static final String DEFAULT_NAMESPACE = "jwt-redis";

	private final String namespace;

	public RevocationKeys(String namespace) {
		Assert.hasText(namespace, "namespace must not be empty");
		Assert.isTrue(namespace.chars().noneMatch((c) -> c == '{' || c == '}' || Character.isWhitespace(c)),
				"namespace must not contain braces or white space");
		this.namespace = namespace;
	}

	/**
	 * Return the namespace that prefixes every key.
	 * @return the namespace
	 */
	public String namespace() {
		return this.namespace;
	}

	/**
	 * Return the keys of one token.
	 * @param subject the token's {@code sub}
	 * @param tokenId the token's {@code jti}
	 * @return the keys, all in the subject's slot
	 */
	public TokenKeys forToken(String subject, String tokenId) {
		String prefix = subjectPrefix(subject);
		String id = digest(tokenId);
		return new TokenKeys(prefix + ":r:" + id, prefix + ":a", prefix + ":c:" + id);
	}

	/**
	 * Return the key of a subject's "log out everywhere" cut-off.
	 * @param subject the subject
	 * @return the cut-off key
	 */
	public String cutoffKey(String subject) {
		return subjectPrefix(subject) + ":a";
	}

	private String subjectPrefix(String subject) {
		return this.namespace + ":{" + digest(subject) + "}";
	}

	static String digest(String value) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * The keys of one token.
	 *
	 * @param revoked the revoked-token marker
	 * @param cutoff the subject's cut-off
	 * @param claims the recorded claims hash
	 */
	public record TokenKeys(String revoked, String cutoff, String claims) {

	}

}
