package io.jwtredis.autoconfigure;

import io.lettuce.core.RedisClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for revocable HS256 JWTs backed by Redis.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnClass({ JwtDecoder.class, LettuceConnectionFactory.class, RedisClient.class })
@ConditionalOnBooleanProperty(name = "jwt.redis.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JwtRedisProperties.class)
@Import({ JwtRedisStoreConfiguration.class, JwtRedisNearCacheConfiguration.class, JwtRedisDecoderConfiguration.class,
		JwtRedisIssuerConfiguration.class, JwtRedisWebConfiguration.class, JwtRedisMetricsConfiguration.class })
public final class JwtRedisAutoConfiguration {

}
