package io.jwtredis.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Turns the configured secret into an HS256 key.
 * <p>
 * The secret is UTF-8 text, or standard base64 (RFC 4648 section 4, with padding) after a
 * {@code base64:} prefix, decoded strictly: no white space, no base64url alphabet, the
 * padding present and no stray trailing bits. A text secret must not start or end with
 * white space, which is nearly always a copy and paste slip. Either way it must give at
 * least 256 bits, as RFC 7518 section 3.2 requires for HS256. Error messages never
 * contain the secret.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7518#section-3.2">RFC 7518 section
 * 3.2</a>
 */
public final class HmacSecrets {

	/** The prefix of a base64 secret. */
	public static final String BASE64_PREFIX = "base64:";

	/** The shortest accepted key, in bytes. */
	public static final int MINIMUM_BYTES = 32;

	private HmacSecrets() {
	}

	/**
	 * Return the HS256 key for a configured secret.
	 * @param secret the configured value
	 * @return the key
	 * @throws InvalidSecretException if the secret is missing, malformed or too short
	 */
	public static SecretKey toKey(@Nullable String secret) {
		if (secret == null || secret.isEmpty()) {
			throw new InvalidSecretException("it is not set");
		}
		byte[] bytes;
		if (secret.startsWith(BASE64_PREFIX)) {
			String encoded = secret.substring(BASE64_PREFIX.length());
			try {
				bytes = Base64.getDecoder().decode(encoded);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSecretException("the text after 'base64:' is not valid standard base64");
			}
			if (!Base64.getEncoder().encodeToString(bytes).equals(encoded)) {
				throw new InvalidSecretException(
						"the text after 'base64:' is not canonical standard base64 (padding or trailing bits)");
			}
		}
		else if (!secret.equals(secret.strip())) {
			throw new InvalidSecretException("it starts or ends with white space");
		}
		else {
			bytes = secret.getBytes(StandardCharsets.UTF_8);
		}
		if (bytes.length < MINIMUM_BYTES) {
			throw new InvalidSecretException("it is " + bytes.length + " bytes long, and HS256 needs at least "
					+ MINIMUM_BYTES + " bytes (256 bits)");
		}
		return new SecretKeySpec(bytes, "HmacSHA256");
	}

	/**
	 * Thrown for a secret that cannot be used; the message says why without showing it.
	 */
	public static final class InvalidSecretException extends IllegalArgumentException {

		private final String reason;

		InvalidSecretException(String reason) {
			super("The HS256 secret is invalid: " + reason);
			this.reason = reason;
		}

		/**
		 * Return why the secret was refused.
		 * @return the reason
		 */
		public String getReason() {
			return this.reason;
		}

	}

}
