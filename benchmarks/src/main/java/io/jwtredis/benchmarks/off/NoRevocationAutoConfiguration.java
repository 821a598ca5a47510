package io.jwtredis.benchmarks.off;

import io.jwtredis.autoconfigure.JwtRedisAutoConfiguration;
import io.jwtredis.core.RevocationStore;

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
		return new NotRevokedStore();
	}

}
