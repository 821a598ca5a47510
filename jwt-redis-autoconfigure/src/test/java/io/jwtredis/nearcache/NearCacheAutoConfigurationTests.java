package io.jwtredis.nearcache;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtredis.autoconfigure.JwtRedisAutoConfiguration;
import io.jwtredis.core.NearCacheRevocationStore;
import io.jwtredis.test.TestTokens;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wiring of the near cache, without a running Redis.
 */
class NearCacheAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JwtRedisAutoConfiguration.class))
		.withPropertyValues("jwt.redis.secret=" + TestTokens.SECRET, "jwt.redis.embedded.enabled=false",
				"spring.data.redis.cluster.nodes=127.0.0.1:1");

	@Test
	void contextWhenNearCacheNotEnabledThenNoNearCache() {
		this.contextRunner
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(NearCacheRevocationStore.class));
	}

	@Test
	void contextWhenNearCacheEnabledWithoutCaffeineThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("jwt.redis.near-cache.enabled=true")
			.withClassLoader(new FilteredClassLoader(Caffeine.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("jwt.redis.near-cache.enabled")
				.hasMessageContaining("com.github.ben-manes.caffeine:caffeine"));
	}

}
