package io.jwtredis.autoconfigure;

import java.time.Clock;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import io.jwtredis.core.HmacSecrets;
import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.RevocationStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

@Configuration(proxyBeanMethods = false)
class JwtRedisIssuerConfiguration {

	/**
	 * The issuer signs with a key that has no key id: a JWK thumbprint of an HMAC key
	 * would put a fingerprint of the secret in every token header.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = "jwt.redis", name = "secret")
	JwtRedisTokenIssuer jwtRedisTokenIssuer(JwtRedisProperties properties, RevocationStore store,
			ObjectProvider<Clock> clock) {
		OctetSequenceKey key = new OctetSequenceKey.Builder(HmacSecrets.toKey(properties.getSecret()))
			.algorithm(JWSAlgorithm.HS256)
			.build();
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
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
