package io.jwtredis.autoconfigure;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtredis.core.LettuceInvalidationChannel;
import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.NearCacheRevocationStore;
import io.jwtredis.core.NearCacheSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisConnectionFactory;

@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "jwt.redis.near-cache.enabled")
class JwtRedisNearCacheConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("com.github.benmanes.caffeine.cache.Caffeine")
	static class MissingCaffeineConfiguration {

		@Bean
		Object jwtRedisNearCacheNeedsCaffeine() {
			throw new InvalidConfigurationPropertyValueException("jwt.redis.near-cache.enabled", "true",
					"The near cache needs Caffeine: add com.github.ben-manes.caffeine:caffeine to the application "
							+ "or set jwt.redis.near-cache.enabled=false");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Caffeine.class)
	static class CaffeineNearCacheConfiguration {

		@Bean
		@Primary
		@ConditionalOnBean(LettuceRevocationStore.class)
		NearCacheRevocationStore jwtRedisNearCacheRevocationStore(LettuceRevocationStore store,
				RedisConnectionFactory connectionFactory, JwtRedisProperties properties) {
			JwtRedisProperties.NearCache nearCache = properties.getNearCache();
			LettuceInvalidationChannel channel = new LettuceInvalidationChannel(
					JwtRedisStoreConfiguration.lettuceClient(() -> connectionFactory),
					properties.getNamespace() + ":invalidations", properties.getTimeout(),
					nearCache.getHeartbeatInterval());
			return new NearCacheRevocationStore(store, channel, new NearCacheSettings(nearCache.getMaximumSize(),
					nearCache.getTtl(), nearCache.getHeartbeatInterval()));
		}

		@Bean
		static RedisConnectionsLifecycle<NearCacheRevocationStore> jwtRedisNearCacheLifecycle(
				ConfigurableListableBeanFactory beanFactory) {
			return new RedisConnectionsLifecycle<>(beanFactory, NearCacheRevocationStore.class,
					NearCacheRevocationStore::suspend, NearCacheRevocationStore::resume, 2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class NearCacheMetricsConfiguration {

		@Bean
		MeterBinder jwtRedisNearCacheMeterBinder(ObjectProvider<NearCacheRevocationStore> store) {
			return (registry) -> {
				NearCacheRevocationStore nearCache = store.getIfAvailable();
				if (nearCache == null) {
					return;
				}
				FunctionCounter.builder("jwt.redis.near-cache.requests", nearCache, NearCacheRevocationStore::hitCount)
					.description("Revocation checks answered by the near cache or sent to Redis")
					.tag("result", "hit")
					.register(registry);
				FunctionCounter.builder("jwt.redis.near-cache.requests", nearCache, NearCacheRevocationStore::missCount)
					.description("Revocation checks answered by the near cache or sent to Redis")
					.tag("result", "miss")
					.register(registry);
				FunctionCounter.builder("jwt.redis.near-cache.flushes", nearCache, NearCacheRevocationStore::flushCount)
					.description("Times the near cache was emptied because its heartbeats stopped or resumed")
					.register(registry);
				Gauge.builder("jwt.redis.near-cache.live", nearCache, (cache) -> cache.isLive() ? 1 : 0)
					.description("1 while the near cache answers, 0 while its heartbeats are missing")
					.register(registry);
				Gauge.builder("jwt.redis.near-cache.size", nearCache, NearCacheRevocationStore::estimatedSize)
					.description("Tokens remembered by the near cache")
					.register(registry);
			};
		}

	}

}
