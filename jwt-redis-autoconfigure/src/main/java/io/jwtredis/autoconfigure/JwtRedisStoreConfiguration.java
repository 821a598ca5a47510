package io.jwtredis.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.RevocationKeys;
import io.jwtredis.core.RevocationStatistics;
import io.jwtredis.core.RevocationStore;
import io.jwtredis.core.StoreSettings;
import io.lettuce.core.AbstractRedisClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

@Configuration(proxyBeanMethods = false)
class JwtRedisStoreConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RevocationStatistics jwtRedisStatistics() {
		return new RevocationStatistics();
	}

	@Bean
	@ConditionalOnMissingBean(RevocationStore.class)
	LettuceRevocationStore jwtRedisRevocationStore(ObjectProvider<RedisConnectionFactory> connectionFactory,
			JwtRedisProperties properties, ObjectProvider<Clock> clock) {
		RevocationKeys keys = new RevocationKeys(properties.getNamespace());
		StoreSettings settings = new StoreSettings(properties.getTimeout(), Duration.ofSeconds(10),
				properties.getClockSkew(), properties.getMaxTokenLifetime(), properties.getDurability().getReplicas(),
				properties.getDurability().getTimeout(), clock.getIfAvailable(Clock::systemUTC));
		return new LettuceRevocationStore(lettuceClient(connectionFactory::getObject), keys, settings);
	}

	/**
	 * Return the Lettuce client behind the application's connection factory, started on
	 * first use: jwt-redis shares it rather than opening a client of its own.
	 * @param connectionFactory the application's connection factory
	 * @return a supplier of the native client
	 */
	static Supplier<AbstractRedisClient> lettuceClient(Supplier<RedisConnectionFactory> connectionFactory) {
		return () -> {
			if (!(connectionFactory.get() instanceof LettuceConnectionFactory lettuce)) {
				throw new IllegalStateException(
						"jwt-redis needs Lettuce: the RedisConnectionFactory must be a LettuceConnectionFactory");
			}
			lettuce.start();
			return lettuce.getNativeClient();
		};
	}

	@Bean
	static RedisConnectionsLifecycle<LettuceRevocationStore> jwtRedisRevocationStoreLifecycle(
			ConfigurableListableBeanFactory beanFactory) {
		return new RedisConnectionsLifecycle<>(beanFactory, LettuceRevocationStore.class,
				LettuceRevocationStore::disconnect, (store) -> {
				}, 1);
	}

}
