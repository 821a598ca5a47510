package io.jwtredis.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.util.Assert;

/**
 * Issues HS256 tokens and records each token's claims in the {@link RevocationStore}.
 * <p>
 * Every token gets a fresh 128-bit random {@code jti}, {@code sub}, {@code iat},
 * {@code exp}, and {@code iss} and {@code aud} when configured; scopes go in a
 * space-delimited {@code scope} claim (RFC 8693 section 4.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7519#section-4.1">RFC 7519 registered
 * claims</a>
 */
public final class JwtRedisTokenIssuer {

	private final JwtEncoder encoder;

	private final RevocationStore store;

	private final Duration lifetime;

	private final @Nullable String issuer;

	private final List<String> audience;

	private final SecureRandom random = new SecureRandom();

	private Clock clock = Clock.systemUTC();

	public JwtRedisTokenIssuer(JwtEncoder encoder, RevocationStore store, Duration lifetime, @Nullable String issuer,
			List<String> audience) {
		Assert.notNull(encoder, "encoder must not be null");
		Assert.notNull(store, "store must not be null");
		Assert.isTrue(lifetime.toSeconds() >= 1, "lifetime must be at least one second");
		this.encoder = encoder;
		this.store = store;
		this.lifetime = lifetime;
		this.issuer = issuer;
		this.audience = List.copyOf(audience);
	}

	/**
	 * Set the clock that gives the issue time.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	/**
	 * Issue a token for a subject with the given scopes.
	 * @param subject the subject, usually the user name
	 * @param scopes the scopes
	 * @return the signed token
	 * @throws RevocationStoreUnavailableException if the claims cannot be recorded
	 */
	public Jwt issue(String subject, Collection<String> scopes) {
		return issue(subject, scopes, Map.of());
	}

	/**
	 * Issue a token for a subject with the given scopes and extra claims.
	 * @param subject the subject, usually the user name
	 * @param scopes the scopes
	 * @param extraClaims further claims; registered claim names are not allowed
	 * @return the signed token
	 * @throws RevocationStoreUnavailableException if the claims cannot be recorded
	 */
	public Jwt issue(String subject, Collection<String> scopes, Map<String, Object> extraClaims) {
		Assert.hasLength(subject, "subject must not be empty");
		for (String name : extraClaims.keySet()) {
			Assert.isTrue(!isReserved(name), () -> "claim '" + name + "' is set by the issuer");
		}
		String tokenId = newTokenId();
		String scope = String.join(" ", scopes);
		Map<String, String> recorded = new LinkedHashMap<>();
		recorded.put(JwtClaimNames.JTI, tokenId);
		recorded.put(JwtClaimNames.SUB, subject);
		if (this.issuer != null) {
			recorded.put(JwtClaimNames.ISS, this.issuer);
		}
		if (!this.audience.isEmpty()) {
			recorded.put(JwtClaimNames.AUD, String.join(" ", this.audience));
		}
		recorded.put("scope", scope);
		Instant issuedAt = this.store.recordIssued(tokenId, subject, this.clock.instant(), this.lifetime, recorded);
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.id(tokenId)
			.subject(subject)
			.issuedAt(issuedAt)
			.expiresAt(issuedAt.plus(this.lifetime))
			.claim("scope", scope);
		if (this.issuer != null) {
			claims.issuer(this.issuer);
		}
		if (!this.audience.isEmpty()) {
			claims.audience(this.audience);
		}
		extraClaims.forEach(claims::claim);
		JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims.build()));
	}

	/**
	 * Return the lifetime of issued tokens.
	 * @return the lifetime
	 */
	public Duration getLifetime() {
		return this.lifetime;
	}

	private String newTokenId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static boolean isReserved(String name) {
		return switch (name) {
			case JwtClaimNames.JTI, JwtClaimNames.SUB, JwtClaimNames.IAT, JwtClaimNames.EXP, JwtClaimNames.NBF,
					JwtClaimNames.ISS, JwtClaimNames.AUD, "scope" ->
				true;
			default -> false;
		};
	}

}
