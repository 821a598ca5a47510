package io.jwtredis.autoconfigure;

import java.time.Clock;

import io.jwtredis.core.HmacSecrets;
import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.RevocationStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

@Configuration(proxyBeanMethods = false)
class JwtRedisIssuerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "jwt.redis", name = "secret")
	JwtRedisTokenIssuer jwtRedisTokenIssuer(JwtRedisProperties properties, RevocationStore store,
			ObjectProvider<Clock> clock) {
		NimbusJwtEncoder encoder = NimbusJwtEncoder.withSecretKey(HmacSecrets.toKey(properties.getSecret()))
			.algorithm(MacAlgorithm.HS256)
			.build();
		JwtRedisTokenIssuer issuer = new JwtRedisTokenIssuer(encoder, store, properties.getTokenLifetime(),
				properties.getIssuer(), properties.getAudience());
		issuer.setClock(clock.getIfAvailable(Clock::systemUTC));
		return issuer;
	}

	@Bean
	@ConditionalOnMissingBean
	JwtRevoker jwtRedisRevoker(JwtRedisProperties properties, RevocationStore store, ObjectProvider<Clock> clock) {
		JwtRevoker revoker = new JwtRevoker(store, properties.getMaxTokenLifetime());
		revoker.setClock(clock.getIfAvailable(Clock::systemUTC));
		return revoker;
	}

}
