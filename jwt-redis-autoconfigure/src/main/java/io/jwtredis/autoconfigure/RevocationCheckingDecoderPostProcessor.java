package io.jwtredis.autoconfigure;

import io.jwtredis.core.RevocationCheckingJwtDecoder;
import io.jwtredis.core.RevocationStatistics;
import io.jwtredis.core.RevocationStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wraps every {@link JwtDecoder} bean, the application's own included, in a
 * {@link RevocationCheckingJwtDecoder}.
 */
final class RevocationCheckingDecoderPostProcessor implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(RevocationCheckingDecoderPostProcessor.class);

	private final Environment environment;

	private final ObjectProvider<RevocationStore> store;

	private final ObjectProvider<RevocationStatistics> statistics;

	RevocationCheckingDecoderPostProcessor(Environment environment, ObjectProvider<RevocationStore> store,
			ObjectProvider<RevocationStatistics> statistics) {
		this.environment = environment;
		this.store = store;
		this.statistics = statistics;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof JwtDecoder decoder) || bean instanceof RevocationCheckingJwtDecoder) {
			return bean;
		}
		JwtRedisProperties properties = Binder.get(this.environment)
			.bindOrCreate("jwt.redis", JwtRedisProperties.class);
		logger.debug("Adding revocation checks to JwtDecoder bean '" + beanName + "'");
		// Looked up on first use (not while beans are still being created), then kept
		RevocationCheckingJwtDecoder checking = new RevocationCheckingJwtDecoder(decoder,
				SingletonSupplier.of(this.store::getObject), properties.getMaxTokenLifetime(), properties.isFailOpen(),
				this.statistics.getIfAvailable(RevocationStatistics::new));
		checking.setClockSkew(properties.getClockSkew());
		return checking;
	}

}
