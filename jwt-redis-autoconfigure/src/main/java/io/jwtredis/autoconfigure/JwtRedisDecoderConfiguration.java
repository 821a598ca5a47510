package io.jwtredis.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.jwtredis.core.HmacSecrets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

@Configuration(proxyBeanMethods = false)
class JwtRedisDecoderConfiguration {

	@Bean
	static RevocationCheckingDecoderPostProcessor jwtRedisDecoderPostProcessor(Environment environment,
			ObjectProvider<io.jwtredis.core.RevocationStore> store,
			ObjectProvider<io.jwtredis.core.RevocationStatistics> statistics) {
		return new RevocationCheckingDecoderPostProcessor(environment, store, statistics);
	}

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	JwtDecoder jwtDecoder(JwtRedisProperties properties, ObjectProvider<Clock> clock) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(HmacSecrets.toKey(properties.getSecret()))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(validator(properties, clock.getIfAvailable(Clock::systemUTC)));
		return decoder;
	}

	static OAuth2TokenValidator<Jwt> validator(JwtRedisProperties properties, Clock clock) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.getClockSkew());
		timestamps.setClock(clock);
		timestamps.setAllowEmptyExpiryClaim(false);
		validators.add(timestamps);
		String issuer = properties.getIssuer();
		if (issuer != null && !issuer.isEmpty()) {
			validators.add(new JwtIssuerValidator(issuer));
		}
		List<String> audience = List.copyOf(properties.getAudience());
		if (!audience.isEmpty()) {
			validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && aud.stream().anyMatch(audience::contains)));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
