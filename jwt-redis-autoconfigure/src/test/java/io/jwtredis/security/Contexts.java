package io.jwtredis.security;

import io.jwtredis.autoconfigure.JwtRedisAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a non-web application context with the Redis and jwt-redis auto-configurations,
 * kept open until the test closes it.
 */
final class Contexts {

	private Contexts() {
	}

	static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
			.properties("jwt.redis.embedded.enabled=false", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, DataRedisAutoConfiguration.class,
			JwtRedisAutoConfiguration.class })
	static class Application {

	}

}
