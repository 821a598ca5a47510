package io.jwtredis.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A {@link JwtDecoder} that lets its delegate do every signature and claim check first
 * and then asks the {@link RevocationStore} whether the token was revoked.
 * <p>
 * A token that the delegate rejects never reaches the store. A token that passes must
 * carry {@code jti}, {@code sub}, {@code iat} and {@code exp} (without them it could not
 * be revoked) and must not live longer than the configured maximum lifetime. A revoked
 * token is a {@link BadJwtException} (401); a store that cannot answer is a
 * {@link RevocationStoreUnavailableException} (503) unless the decoder fails open, in
 * which case it accepts the token, counts it in {@link RevocationStatistics} and logs one
 * WARN per outage.
 */
public final class RevocationCheckingJwtDecoder implements JwtDecoder {

	private static final Log logger = LogFactory.getLog(RevocationCheckingJwtDecoder.class);

	/** The value of each ASCII character in the base64url alphabet, -1 for the others. */
	private static final byte[] BASE64URL_VALUES = base64UrlValues();

	private static final List<String> RECORDED_CLAIMS = List.of(JwtClaimNames.SUB, JwtClaimNames.ISS, JwtClaimNames.AUD,
			"scope", "scp");

	private final JwtDecoder delegate;

	private final Supplier<RevocationStore> store;

	private final Duration maxTokenLifetime;

	private final boolean failOpen;

	private final RevocationStatistics statistics;

	private Clock clock = Clock.systemUTC();

	private Duration clockSkew = Duration.ofSeconds(60);

	private final StoreHealth failOpenHealth = new StoreHealth(logger, Duration.ofSeconds(2),
			"Accepting tokens without a revocation check while the store does not answer (jwt.redis.fail-open=true)",
			"Revocation checks resumed; tokens are no longer accepted unchecked");

	public RevocationCheckingJwtDecoder(JwtDecoder delegate, Supplier<RevocationStore> store, Duration maxTokenLifetime,
			boolean failOpen, RevocationStatistics statistics) {
		Assert.notNull(delegate, "delegate must not be null");
		Assert.notNull(store, "store must not be null");
		this.delegate = delegate;
		this.store = store;
		this.maxTokenLifetime = maxTokenLifetime;
		this.failOpen = failOpen;
		this.statistics = statistics;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt jwt = validate(token);
		TokenRecord record = toRecord(jwt, this.maxTokenLifetime);
		checkIssuedAt(record);
		RevocationStatus status;
		try {
			status = this.store.get().check(record);
		}
		catch (RevocationStoreUnavailableException ex) {
			if (this.failOpen) {
				this.statistics.failedOpen();
				this.failOpenHealth.failed(ex);
				logger.debug("Accepting a token without a revocation check because the store is unavailable");
				return jwt;
			}
			this.statistics.unavailable();
			throw ex;
		}
		if (this.failOpen) {
			this.failOpenHealth.succeeded();
		}
		if (status.isRevoked()) {
			this.statistics.rejected();
			logger.debug("Rejecting a revoked token");
			throw new BadJwtException("The token has been revoked");
		}
		this.statistics.accepted();
		return jwt;
	}

	/**
	 * Decode and validate a token like {@link #decode(String)} does, except for the
	 * revocation check: the store is not asked.
	 * @param token the token
	 * @return the validated token
	 * @throws BadJwtException if the token is malformed, badly signed, expired, lacks a
	 * needed claim or was issued in the future
	 */
	public Jwt decodeWithoutRevocationCheck(String token) {
		Jwt jwt = validate(token);
		checkIssuedAt(toRecord(jwt, this.maxTokenLifetime));
		return jwt;
	}

	private Jwt validate(String token) {
		if (!isCanonicalCompactJws(token)) {
			throw new BadJwtException("The token is not a compact JWS in canonical base64url");
		}
		return this.delegate.decode(token);
	}

	private void checkIssuedAt(TokenRecord record) {
		if (record.issuedAt().isAfter(this.clock.instant().plus(this.clockSkew))) {
			throw new BadJwtException("The token was issued in the future");
		}
	}

	/**
	 * Set the clock that tells whether a token was issued in the future.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock must not be null");
		this.clock = clock;
	}

	/**
	 * Set how far in the future a token's {@code iat} may lie (the clock skew).
	 * @param clockSkew the tolerance
	 */
	public void setClockSkew(Duration clockSkew) {
		Assert.isTrue(!clockSkew.isNegative(), "clockSkew must not be negative");
		this.clockSkew = clockSkew;
	}

	/**
	 * Return the decoder that does signature and claim checks.
	 * @return the wrapped decoder
	 */
	public JwtDecoder getDelegate() {
		return this.delegate;
	}

	/**
	 * Return what revocation needs to know of a validated token.
	 * @param jwt the validated token
	 * @param maxTokenLifetime the longest accepted lifetime
	 * @return the record
	 * @throws BadJwtException if a needed claim is missing or the lifetime is too long
	 */
	public static TokenRecord toRecord(Jwt jwt, Duration maxTokenLifetime) {
		// Spring's claim set converter has already made jti and sub strings; reading them
		// directly skips a ConversionService call per claim per token
		Map<String, Object> values = jwt.getClaims();
		String tokenId = (values.get(JwtClaimNames.JTI) instanceof String text) ? text : jwt.getId();
		String subject = (values.get(JwtClaimNames.SUB) instanceof String text) ? text : jwt.getSubject();
		Instant issuedAt = jwt.getIssuedAt();
		Instant expiresAt = jwt.getExpiresAt();
		if (!StringUtils.hasLength(tokenId)) {
			throw new BadJwtException("The token has no jti claim, so it cannot be revoked");
		}
		if (!StringUtils.hasLength(subject)) {
			throw new BadJwtException("The token has no sub claim");
		}
		if (issuedAt == null || expiresAt == null) {
			throw new BadJwtException("The token must have iat and exp claims");
		}
		if (issuedAt.equals(expiresAt.minusSeconds(1)) && !hasIssuedAtClaim(jwt.getTokenValue())) {
			throw new BadJwtException("The token must have iat and exp claims");
		}
		if (Duration.between(issuedAt, expiresAt).compareTo(maxTokenLifetime) > 0) {
			throw new BadJwtException("The token lifetime is longer than this service accepts");
		}
		return TokenRecord.withLazyClaims(tokenId, subject, issuedAt, expiresAt,
				() -> recordedClaims(jwt, tokenId, issuedAt, expiresAt));
	}

	/**
	 * Return the claim values the store records for a token it has not seen: only built
	 * when a check reaches Redis, never for a check answered from the near cache.
	 */
	private static Map<String, String> recordedClaims(Jwt jwt, String tokenId, Instant issuedAt, Instant expiresAt) {
		Map<String, String> claims = new LinkedHashMap<>();
		claims.put(JwtClaimNames.JTI, tokenId);
		claims.put(JwtClaimNames.IAT, Long.toString(issuedAt.getEpochSecond()));
		claims.put(JwtClaimNames.EXP, Long.toString(expiresAt.getEpochSecond()));
		for (String name : RECORDED_CLAIMS) {
			Object value = jwt.getClaims().get(name);
			if (value != null) {
				claims.put(name, asText(value));
			}
		}
		return claims;
	}

	/**
	 * Whether a token is three non-empty segments of unpadded base64url, each with zero
	 * unused trailing bits (RFC 7515 section 7.1). Nimbus skips characters outside the
	 * alphabet and accepts padding, so without this check one signed token would pass in
	 * many spellings.
	 * @param token the token
	 * @return whether the spelling is the one canonical form
	 */
	static boolean isCanonicalCompactJws(String token) {
		int segments = 0;
		int length = 0;
		int last = 0;
		for (int i = 0; i <= token.length(); i++) {
			char c = (i < token.length()) ? token.charAt(i) : '.';
			if (c == '.') {
				if (length == 0 || length % 4 == 1 || (length % 4 == 2 && (last & 0xF) != 0)
						|| (length % 4 == 3 && (last & 0x3) != 0)) {
					return false;
				}
				segments++;
				length = 0;
				continue;
			}
			last = base64UrlValue(c);
			if (last < 0) {
				return false;
			}
			length++;
		}
		return segments == 3;
	}

	private static int base64UrlValue(char c) {
		return (c < BASE64URL_VALUES.length) ? BASE64URL_VALUES[c] : -1;
	}

	private static byte[] base64UrlValues() {
		byte[] values = new byte[128];
		java.util.Arrays.fill(values, (byte) -1);
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		for (int i = 0; i < alphabet.length(); i++) {
			values[alphabet.charAt(i)] = (byte) i;
		}
		return values;
	}

	/**
	 * Whether the payload really carries {@code iat}: Spring's claim converter makes up
	 * {@code iat = exp - 1 s} when it is missing, which would let such a token escape a
	 * "log out everywhere" cut-off.
	 */
	private static boolean hasIssuedAtClaim(String token) {
		try {
			return com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getIssueTime() != null;
		}
		catch (java.text.ParseException ex) {
			return false;
		}
	}

	private static String asText(Object value) {
		if (value instanceof Iterable<?> values) {
			StringBuilder text = new StringBuilder();
			for (Object item : values) {
				if (!text.isEmpty()) {
					text.append(' ');
				}
				text.append(item);
			}
			return text.toString();
		}
		return String.valueOf(value);
	}

}
