package io.jwtredis.autoconfigure;

import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.RevocationStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterBinder.class)
class JwtRedisMetricsConfiguration {

	@Bean
	MeterBinder jwtRedisMeterBinder(RevocationStatistics statistics, ObjectProvider<LettuceRevocationStore> store) {
		return (registry) -> {
			counter(registry, statistics, "accepted", RevocationStatistics::acceptedCount);
			counter(registry, statistics, "revoked", RevocationStatistics::rejectedCount);
			counter(registry, statistics, "unavailable", RevocationStatistics::unavailableCount);
			counter(registry, statistics, "fail_open", RevocationStatistics::failedOpenCount);
			LettuceRevocationStore lettuce = store.getIfAvailable();
			if (lettuce != null) {
				Gauge.builder("jwt.redis.store.available", lettuce, (s) -> s.isAvailable() ? 1 : 0)
					.description("1 while the revocation store answers, 0 while it fails")
					.register(registry);
			}
		};
	}

	private static void counter(io.micrometer.core.instrument.MeterRegistry registry, RevocationStatistics statistics,
			String outcome, java.util.function.ToDoubleFunction<RevocationStatistics> count) {
		FunctionCounter.builder("jwt.redis.checks", statistics, count)
			.description("Revocation checks of tokens that passed signature and claim checks")
			.tag("outcome", outcome)
			.register(registry);
	}

}
