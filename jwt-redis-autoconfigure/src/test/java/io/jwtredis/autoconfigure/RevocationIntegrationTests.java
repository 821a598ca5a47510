package io.jwtredis.autoconfigure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.RevocationKeys;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.embedded.RedisNode;
import io.jwtredis.test.SharedCluster;
import io.jwtredis.test.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue, validate and revoke tokens against a real embedded Redis Cluster.
 */
class RevocationIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JwtRedisAutoConfiguration.class))
		.withPropertyValues(SharedCluster.redisProperties())
		.withPropertyValues("jwt.redis.secret=" + TestTokens.SECRET);

	private EmbeddedRedisCluster cluster;

	@BeforeEach
	void setUp() {
		this.cluster = SharedCluster.get();
	}

	@Test
	void decodeWhenTokenIsRevokedThenRejected() {
		run((context) -> {
			Jwt jwt = issuer(context).issue(unique("carol"), List.of("read"));
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			assertThat(decoder.decode(jwt.getTokenValue()).getSubject()).isEqualTo(jwt.getSubject());
			assertThat(jwt.getHeaders().get("alg")).hasToString("HS256");
			assertThat(jwt.getHeaders()).containsEntry("typ", "JWT").doesNotContainKey("kid");
			context.getBean(JwtRevoker.class).revoke(jwt);
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(jwt.getTokenValue()))
				.withMessage("The token has been revoked");
		});
	}

	@Test
	void decodeWhenApplicationDeclaresItsOwnDecoderThenRevokedTokenIsStillRejected() {
		run(UserDecoderConfiguration.class, (context) -> {
			String token = TestTokens.sign(TestTokens.claims(unique("dave")).build());
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			Jwt jwt = decoder.decode(token);
			context.getBean(JwtRevoker.class).revoke(jwt);
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token));
		});
	}

	@Test
	void decodeWhenRevokedThroughAnotherApplicationThenRejected() {
		run((first) -> run((second) -> {
			Jwt jwt = issuer(first).issue(unique("erin"), List.of("read"));
			second.getBean(JwtDecoder.class).decode(jwt.getTokenValue());
			first.getBean(JwtRevoker.class).revoke(jwt);
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> second.getBean(JwtDecoder.class).decode(jwt.getTokenValue()));
		}));
	}

	@Test
	void revokeAllWhenUserLogsOutEverywhereThenOlderTokensAreRejectedAndNewOnesAndOtherUsersAreNot() {
		run((context) -> {
			String user = unique("frank");
			String other = unique("grace");
			JwtRedisTokenIssuer issuer = issuer(context);
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			Jwt first = issuer.issue(user, List.of("read"));
			Jwt second = issuer.issue(user, List.of("read"));
			Jwt foreign = decoder.decode(TestTokens.sign(TestTokens.claims(user).build()));
			Jwt others = issuer.issue(other, List.of("read"));
			context.getBean(JwtRevoker.class).revokeAll(user);
			for (Jwt revoked : List.of(first, second, foreign)) {
				assertThatExceptionOfType(BadJwtException.class)
					.isThrownBy(() -> decoder.decode(revoked.getTokenValue()));
			}
			Jwt afterwards = issuer.issue(user, List.of("read"));
			assertThat(afterwards.getIssuedAt()).isAfter(first.getIssuedAt().minusSeconds(1));
			assertThat(decoder.decode(afterwards.getTokenValue()).getSubject()).isEqualTo(user);
			assertThat(decoder.decode(others.getTokenValue()).getSubject()).isEqualTo(other);
		});
	}

	@Test
	void revokeAllWhenNewTokenIsIssuedInTheSameSecondThenItsIatFollowsTheCutoff() {
		run((context) -> {
			String user = unique("heidi");
			context.getBean(JwtRevoker.class).revokeAll(user);
			Jwt afterwards = issuer(context).issue(user, List.of("read"));
			long cutoff = Long.parseLong(
					(String) this.cluster.masterForKey(keys().cutoffKey(user)).execute("GET", keys().cutoffKey(user)));
			assertThat(afterwards.getIssuedAt().getEpochSecond()).isGreaterThan(cutoff);
			assertThat(context.getBean(JwtDecoder.class).decode(afterwards.getTokenValue())).isNotNull();
		});
	}

	@Test
	void revokeAllWhenCalledAgainInTheSameSecondThenTheTokenIssuedInBetweenIsRevoked() {
		run((context) -> {
			String user = unique("hank");
			JwtRevoker revoker = context.getBean(JwtRevoker.class);
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			for (int round = 0; round < 3; round++) {
				revoker.revokeAll(user);
				Jwt between = issuer(context).issue(user, List.of("read"));
				assertThat(decoder.decode(between.getTokenValue())).isNotNull();
				revoker.revokeAll(user);
				assertThatExceptionOfType(BadJwtException.class)
					.isThrownBy(() -> decoder.decode(between.getTokenValue()));
			}
			Jwt afterwards = issuer(context).issue(user, List.of("read"));
			assertThat(decoder.decode(afterwards.getTokenValue()).getSubject()).isEqualTo(user);
		});
	}

	@Test
	void revokeWhenDoneThenRevokedKeyLivesForTheRemainingLifetimePlusTheClockSkew() {
		run((context) -> {
			Jwt jwt = issuer(context).issue(unique("ivan"), List.of("read"));
			context.getBean(JwtRevoker.class).revoke(jwt);
			String key = keys().forToken(jwt.getSubject(), jwt.getId()).revoked();
			long ttl = (Long) this.cluster.masterForKey(key).execute("PTTL", key);
			long expected = (jwt.getExpiresAt().toEpochMilli() - Instant.now().toEpochMilli()) + 60_000;
			assertThat((double) ttl).isCloseTo(expected, within(1000.0));
		});
	}

	@Test
	void everyKeyWrittenHasATtlAndNoKeyOrValueHoldsTheToken() {
		run((context) -> {
			String user = unique("judy");
			Jwt issued = issuer(context).issue(user, List.of("read", "admin"));
			String foreignToken = TestTokens.sign(TestTokens.claims(user).build());
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			Jwt foreign = decoder.decode(foreignToken);
			decoder.decode(issued.getTokenValue());
			context.getBean(JwtRevoker.class).revoke(foreign);
			context.getBean(JwtRevoker.class).revokeAll(user);
			List<String> written = new ArrayList<>();
			RevocationKeys.TokenKeys issuedKeys = keys().forToken(user, issued.getId());
			RevocationKeys.TokenKeys foreignKeys = keys().forToken(user, foreign.getId());
			written
				.addAll(List.of(issuedKeys.claims(), foreignKeys.claims(), foreignKeys.revoked(), issuedKeys.cutoff()));
			for (String key : written) {
				RedisNode owner = this.cluster.masterForKey(key);
				assertThat((Long) owner.execute("TTL", key)).as(key).isPositive();
				String dump = String.valueOf(owner.execute("TYPE", key)).equals("hash")
						? String.valueOf(owner.execute("HGETALL", key)) : String.valueOf(owner.execute("GET", key));
				assertThat(key + dump).doesNotContain(issued.getTokenValue())
					.doesNotContain(foreignToken)
					.doesNotContain(issued.getTokenValue().split("\\.")[2])
					.doesNotContain(foreignToken.split("\\.")[2]);
			}
			Map<String, String> claims = hash(issuedKeys.claims());
			assertThat(claims).containsEntry("sub", user).containsEntry("scope", "read admin");
			assertThat(hash(foreignKeys.claims())).containsEntry("jti", foreign.getId());
		});
	}

	@Test
	void decodeWhenTokenIsAlreadyKnownThenOneRoundTripAndNoClaimsAreWrittenAgain() {
		run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			String token = TestTokens.sign(TestTokens.claims(unique("ken")).build());
			decoder.decode(token);
			this.cluster.resetStats();
			int validations = 200;
			for (int i = 0; i < validations; i++) {
				decoder.decode(token);
			}
			Map<String, Long> calls = this.cluster.commandCalls();
			long sentByClients = calls.entrySet()
				.stream()
				.filter((entry) -> !isHousekeeping(entry.getKey()) && !RUN_INSIDE_SCRIPTS.contains(entry.getKey()))
				.mapToLong(Map.Entry::getValue)
				.sum();
			assertThat(calls.getOrDefault("evalsha", 0L)).isEqualTo(validations);
			assertThat(sentByClients).isEqualTo(validations);
			assertThat(calls.getOrDefault("hset", 0L)).isZero();
		});
	}

	@Test
	void decodeWhenTokenFailsSpringChecksThenRedisIsNotAsked() {
		run((context) -> {
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			String forged = TestTokens.sign(TestTokens.claims(unique("leo")).build(), JWSAlgorithm.HS256,
					"another-secret-that-is-long-enough-0123456789");
			String hs512 = TestTokens.sign(TestTokens.claims(unique("leo")).build(), JWSAlgorithm.HS512,
					TestTokens.SECRET);
			this.cluster.resetStats();
			for (String token : List.of(forged, hs512, "not-a-token", forged + "x")) {
				assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(token));
			}
			assertThat(this.cluster.commandCalls().getOrDefault("evalsha", 0L)).isZero();
			assertThat(this.cluster.commandCalls().getOrDefault("eval", 0L)).isZero();
		});
	}

	@Test
	void decodeWhenTokenIsIssuedBeyondTheClockSkewInTheFutureThenRejectedWithoutAskingRedis() {
		run((context) -> {
			Instant future = Instant.now().plusSeconds(120);
			String token = TestTokens.sign(TestTokens.claims(unique("nina"))
				.issueTime(java.util.Date.from(future))
				.expirationTime(java.util.Date.from(future.plusSeconds(60)))
				.build());
			this.cluster.resetStats();
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> context.getBean(JwtDecoder.class).decode(token))
				.withMessageContaining("future");
			assertThat(this.cluster.commandCalls().getOrDefault("evalsha", 0L)).isZero();
			Instant soon = Instant.now().plusSeconds(30);
			String withinSkew = TestTokens.sign(TestTokens.claims(unique("nina"))
				.issueTime(java.util.Date.from(soon))
				.expirationTime(java.util.Date.from(soon.plusSeconds(60)))
				.build());
			assertThat(context.getBean(JwtDecoder.class).decode(withinSkew)).isNotNull();
		});
	}

	@Test
	void decodeWhenTokenHasNoJtiThenRejected() {
		run((context) -> {
			String token = TestTokens.sign(TestTokens.claims(unique("mia")).jwtID(null).build());
			assertThatExceptionOfType(BadJwtException.class)
				.isThrownBy(() -> context.getBean(JwtDecoder.class).decode(token))
				.withMessageContaining("jti");
		});
	}

	private Map<String, String> hash(String key) {
		List<?> flat = (List<?>) this.cluster.masterForKey(key).execute("HGETALL", key);
		Map<String, String> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i + 1 < flat.size(); i += 2) {
			map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
		}
		return map;
	}

	/**
	 * Commands that INFO commandstats counts when a script runs them, not round trips.
	 */
	private static final List<String> RUN_INSIDE_SCRIPTS = List.of("exists", "get", "hset", "pexpire", "expire", "set");

	private static boolean isHousekeeping(String command) {
		return List.of("cluster", "info", "ping", "config", "client", "hello", "auth", "command", "replconf", "wait")
			.contains(command);
	}

	private static RevocationKeys keys() {
		return new RevocationKeys(RevocationKeys.DEFAULT_NAMESPACE);
	}

	private static JwtRedisTokenIssuer issuer(AssertableApplicationContext context) {
		return context.getBean(JwtRedisTokenIssuer.class);
	}

	private static String unique(String name) {
		return name + "-" + System.nanoTime();
	}

	private void run(Consumer<AssertableApplicationContext> test) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(context);
		});
	}

	private void run(Class<?> configuration, Consumer<AssertableApplicationContext> test) {
		this.contextRunner.withUserConfiguration(configuration).run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(context);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDecoderConfiguration {

		@Bean
		JwtDecoder applicationDecoder() {
			return NimbusJwtDecoder.withSecretKey(io.jwtredis.core.HmacSecrets.toKey(TestTokens.SECRET))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
		}

	}

}
