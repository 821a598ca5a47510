package io.jwtredis.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.jwtredis.core.HmacSecrets;
import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.RevocationKeys;
import io.jwtredis.core.StoreSettings;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.embedded.RedisNode;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * What every benchmark needs: an embedded cluster, a Lettuce client, a store and signed
 * tokens.
 */
final class BenchmarkCluster implements AutoCloseable {

	static final String SECRET = "benchmark-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

	final EmbeddedRedisCluster cluster;

	final RedisClusterClient client;

	BenchmarkCluster() {
		this.cluster = EmbeddedRedisCluster.builder().build().start();
		RedisNode first = this.cluster.masters().get(0);
		RedisURI uri = RedisURI.builder()
			.withHost(first.host())
			.withPort(first.port())
			.withPassword(this.cluster.password().toCharArray())
			.withTimeout(Duration.ofSeconds(5))
			.build();
		this.client = RedisClusterClient.create(uri);
	}

	LettuceRevocationStore store(String namespace, Duration clockSkew, Duration maxTokenLifetime) {
		StoreSettings settings = new StoreSettings(Duration.ofMillis(500), Duration.ofSeconds(10), clockSkew,
				maxTokenLifetime, null, Duration.ofSeconds(1), Clock.systemUTC());
		return new LettuceRevocationStore(() -> this.client, new RevocationKeys(namespace), settings);
	}

	static NimbusJwtDecoder nimbus() {
		return NimbusJwtDecoder.withSecretKey(HmacSecrets.toKey(SECRET)).macAlgorithm(MacAlgorithm.HS256).build();
	}

	static String token(String subject, Duration lifetime) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.subject(subject)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(lifetime)))
			.claim("scope", "read")
			.build();
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.cluster.stop();
	}

}
