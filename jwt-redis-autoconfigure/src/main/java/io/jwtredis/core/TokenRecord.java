package io.jwtredis.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The claims of a token that revocation needs, taken from a token that passed validation.
 * <p>
 * The claim values recorded in Redis are only needed when the store records a token it
 * has not seen, so they may be given as a supplier that runs on first use: a check
 * answered from the near cache never builds them.
 */
public final class TokenRecord {

	private final String tokenId;

	private final String subject;

	private final Instant issuedAt;

	private final Instant expiresAt;

	private final @Nullable Supplier<Map<String, String>> claimsSource;

	private @Nullable Map<String, String> claims;

	/**
	 * Create a record with its claims known up front.
	 * @param tokenId the {@code jti}
	 * @param subject the {@code sub}
	 * @param issuedAt the {@code iat}
	 * @param expiresAt the {@code exp}
	 * @param claims the claim values recorded in Redis, as text
	 */
	public TokenRecord(String tokenId, String subject, Instant issuedAt, Instant expiresAt,
			Map<String, String> claims) {
		this(tokenId, subject, issuedAt, expiresAt, null, Map.copyOf(claims));
	}

	private TokenRecord(String tokenId, String subject, Instant issuedAt, Instant expiresAt,
			@Nullable Supplier<Map<String, String>> claimsSource, @Nullable Map<String, String> claims) {
		Assert.hasLength(tokenId, "tokenId must not be empty");
		Assert.notNull(subject, "subject must not be null");
		Assert.notNull(issuedAt, "issuedAt must not be null");
		Assert.notNull(expiresAt, "expiresAt must not be null");
		this.tokenId = tokenId;
		this.subject = subject;
		this.issuedAt = issuedAt;
		this.expiresAt = expiresAt;
		this.claimsSource = claimsSource;
		this.claims = claims;
	}

	/**
	 * Create a record whose claims are built on first use.
	 * @param tokenId the {@code jti}
	 * @param subject the {@code sub}
	 * @param issuedAt the {@code iat}
	 * @param expiresAt the {@code exp}
	 * @param claims builds the claim values recorded in Redis, as text
	 * @return the record
	 */
	public static TokenRecord withLazyClaims(String tokenId, String subject, Instant issuedAt, Instant expiresAt,
			Supplier<Map<String, String>> claims) {
		Assert.notNull(claims, "claims must not be null");
		return new TokenRecord(tokenId, subject, issuedAt, expiresAt, claims, null);
	}

	public String tokenId() {
		return this.tokenId;
	}

	public String subject() {
		return this.subject;
	}

	public Instant issuedAt() {
		return this.issuedAt;
	}

	public Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * Return the claim values recorded in Redis, building them on the first call when
	 * they were given as a supplier.
	 * @return the claims, as text
	 */
	public Map<String, String> claims() {
		Map<String, String> built = this.claims;
		if (built == null) {
			Supplier<Map<String, String>> source = Objects.requireNonNull(this.claimsSource);
			built = Map.copyOf(source.get());
			this.claims = built;
		}
		return built;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof TokenRecord that && this.tokenId.equals(that.tokenId)
				&& this.subject.equals(that.subject) && this.issuedAt.equals(that.issuedAt)
				&& this.expiresAt.equals(that.expiresAt) && claims().equals(that.claims()));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.tokenId, this.subject, this.issuedAt, this.expiresAt);
	}

	@Override
	public String toString() {
		return "TokenRecord[claims withheld]";
	}

}
