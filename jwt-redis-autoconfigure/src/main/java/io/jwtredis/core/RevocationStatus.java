package io.jwtredis.core;

/**
 * The answer of a revocation check for a token that passed signature and claim checks.
 */
public enum RevocationStatus {

	/** The token is not revoked. */
	ACTIVE,

	/** The token itself was revoked. */
	REVOKED,

	/** The token was issued at or before its subject's "log out everywhere" cut-off. */
	REVOKED_BY_CUTOFF;

	/**
	 * Whether the token must be rejected.
	 * @return {@code true} unless {@link #ACTIVE}
	 */
	public boolean isRevoked() {
		return this != ACTIVE;
	}

}
