package io.jwtredis.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sets Redis client defaults that let clients follow a failover on their own; any value
 * the application sets wins.
 * <p>
 * Lettuce's adaptive and periodic cluster topology refresh are turned on, and the command
 * timeout ({@code spring.data.redis.timeout}) defaults to 2 s instead of Lettuce's 60 s.
 * Lettuce also bounds a topology reload with that timeout, so with 60 s one master that
 * hangs without closing its sockets stalls every reload for a minute, and commands
 * abandoned on such a connection stay queued for as long.
 */
final class JwtRedisEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "jwtRedisDefaults";

	/**
	 * Lettuce's command encoder logs every argument at TRACE, the Redis password and the
	 * claim values sent to our scripts included; its package stays at INFO, even under a
	 * TRACE root logger, unless set explicitly.
	 */
	static final String PROTOCOL_LOG_LEVEL = "logging.level.io.lettuce.core.protocol";

	/** Default of {@code spring.data.redis.timeout}. */
	static final String DEFAULT_COMMAND_TIMEOUT = "2s";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getPropertySources().contains(SOURCE_NAME)) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE_NAME,
					Map.of("spring.data.redis.lettuce.cluster.refresh.adaptive", "true",
							"spring.data.redis.lettuce.cluster.refresh.period", "30s", "spring.data.redis.timeout",
							DEFAULT_COMMAND_TIMEOUT, PROTOCOL_LOG_LEVEL, "INFO")));
	}

}
