package io.jwtredis.core;

import java.time.Clock;
import java.time.Duration;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * Revokes one token, or every token of a subject issued up to now ("log out everywhere").
 */
public final class JwtRevoker {

	private final RevocationStore store;

	private final Duration maxTokenLifetime;

	private Clock clock = Clock.systemUTC();

	public JwtRevoker(RevocationStore store, Duration maxTokenLifetime) {
		Assert.notNull(store, "store must not be null");
		this.store = store;
		this.maxTokenLifetime = maxTokenLifetime;
	}

	/**
	 * Set the clock that gives the "log out everywhere" cut-off.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	/**
	 * Revoke a validated token; returns once the revocation is durable.
	 * @param jwt the token
	 * @throws RevocationStoreUnavailableException if the revocation is not durable in
	 * time
	 */
	public void revoke(Jwt jwt) {
		TokenRecord record = RevocationCheckingJwtDecoder.toRecord(jwt, this.maxTokenLifetime);
		this.store.revoke(record.tokenId(), record.subject(), record.expiresAt());
	}

	/**
	 * Revoke every token of a subject issued up to and including the current second. A
	 * token issued afterwards by {@link JwtRedisTokenIssuer} carries a later {@code iat}
	 * and stays valid.
	 * @param subject the subject
	 * @throws RevocationStoreUnavailableException if the cut-off is not durable in time
	 */
	public void revokeAll(String subject) {
		Assert.hasLength(subject, "subject must not be empty");
		this.store.revokeAllIssuedBefore(subject, this.clock.instant());
	}

}
