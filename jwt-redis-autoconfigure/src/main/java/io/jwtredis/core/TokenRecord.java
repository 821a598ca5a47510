package io.jwtredis.core;

import java.time.Instant;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * The claims of a token that revocation needs, taken from a token that passed validation.
 *
 * @param tokenId the {@code jti}
 * @param subject the {@code sub}
 * @param issuedAt the {@code iat}
 * @param expiresAt the {@code exp}
 * @param claims the claim values recorded in Redis, as text
 */
public record TokenRecord(String tokenId, String subject, Instant issuedAt, Instant expiresAt,
		Map<String, String> claims) {

	public TokenRecord {
		Assert.hasLength(tokenId, "tokenId must not be empty");
		Assert.notNull(subject, "subject must not be null");
		claims = Map.copyOf(claims);
	}

}
