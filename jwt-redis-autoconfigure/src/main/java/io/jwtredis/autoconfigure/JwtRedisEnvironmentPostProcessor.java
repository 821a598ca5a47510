package io.jwtredis.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns Lettuce's adaptive and periodic cluster topology refresh on by default, so that
 * clients follow a failover on their own; any value the application sets wins.
 */
final class JwtRedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "jwtRedisDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE_NAME, Map.of("spring.data.redis.lettuce.cluster.refresh.adaptive",
					"true", "spring.data.redis.lettuce.cluster.refresh.period", "30s")));
	}

}
