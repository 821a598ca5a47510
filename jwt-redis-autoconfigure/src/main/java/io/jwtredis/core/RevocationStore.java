package io.jwtredis.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where revocations and issued-token claims live.
 * <p>
 * Every method either completes within its configured timeout or throws
 * {@link RevocationStoreUnavailableException}.
 */
public interface RevocationStore {

	/**
	 * Decide whether a token is revoked and record its claims if they are not recorded
	 * yet.
	 * @param token the token
	 * @return the status
	 */
	RevocationStatus check(TokenRecord token);

	/**
	 * Record a token about to be issued and return the {@code iat} it must carry: the
	 * given instant, or one second after the subject's cut-off when the cut-off is not
	 * earlier, so that a token issued right after "log out everywhere" is not revoked.
	 * @param tokenId the new token's {@code jti}
	 * @param subject the subject
	 * @param now the current time
	 * @param lifetime the token lifetime
	 * @param claims the claims to record
	 * @return the issue time, in whole seconds
	 */
	Instant recordIssued(String tokenId, String subject, Instant now, Duration lifetime, Map<String, String> claims);

	/**
	 * Revoke one token; returns once the revocation is durable by the configured rule.
	 * @param tokenId the {@code jti}
	 * @param subject the {@code sub}
	 * @param expiresAt the token's {@code exp}
	 */
	void revoke(String tokenId, String subject, Instant expiresAt);

	/**
	 * Revoke every token of a subject issued at or before {@code cutoff}; returns once
	 * the cut-off is durable by the configured rule.
	 * @param subject the subject
	 * @param cutoff the instant up to which tokens are revoked
	 */
	void revokeAllIssuedBefore(String subject, Instant cutoff);

}
