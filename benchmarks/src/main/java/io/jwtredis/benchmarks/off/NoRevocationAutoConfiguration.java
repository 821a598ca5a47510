package io.jwtredis.benchmarks.off;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.jwtredis.autoconfigure.JwtRedisAutoConfiguration;
import io.jwtredis.core.RevocationStatus;
import io.jwtredis.core.RevocationStore;
import io.jwtredis.core.TokenRecord;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * Turns revocation off in the sample for the HTTP benchmark's baseline: with
 * {@code benchmark.revocation-off=true} the store never calls Redis and answers "not
 * revoked", so requests cost what a plain HS256 resource server costs.
 */
@AutoConfiguration(before = JwtRedisAutoConfiguration.class)
@ConditionalOnBooleanProperty("benchmark.revocation-off")
public final class NoRevocationAutoConfiguration {

	@Bean
	RevocationStore noRevocationStore() {
		return new RevocationStore() {

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

		};
	}

}
