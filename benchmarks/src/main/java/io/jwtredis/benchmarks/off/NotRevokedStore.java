package io.jwtredis.benchmarks.off;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.jwtredis.core.RevocationStatus;
import io.jwtredis.core.RevocationStore;
import io.jwtredis.core.TokenRecord;

/**
 * A store that never calls Redis: every token is "not revoked", and issuing and revoking
 * record nothing. The baseline of the benchmarks.
 */
public final class NotRevokedStore implements RevocationStore {

	@Override
	public RevocationStatus check(TokenRecord token) {
		return RevocationStatus.ACTIVE;
	}

	@Override
	public Instant recordIssued(String tokenId, String subject, Instant now, Duration lifetime,
			Map<String, String> claims) {
		return now;
	}

	@Override
	public void revoke(String tokenId, String subject, Instant expiresAt) {
	}

	@Override
	public void revokeAllIssuedBefore(String subject, Instant cutoff) {
	}

}
