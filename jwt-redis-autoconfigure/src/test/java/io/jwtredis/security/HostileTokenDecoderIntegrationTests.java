package io.jwtredis.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.test.SharedCluster;
import io.jwtredis.test.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Hostile tokens thrown at the real decoder bean on the shared cluster: each is refused
 * with a {@link BadJwtException}, quickly, without a Redis round trip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileTokenDecoderIntegrationTests {

	static final String SECRET = TestTokens.SECRET;

	private static final String OTHER_SECRET = "another-secret-that-is-long-enough-0123456789-abcdefghijklmnopq";

	private EmbeddedRedisCluster cluster;

	private ConfigurableApplicationContext context;

	private JwtDecoder decoder;

	@BeforeAll
	void startContext() {
		this.cluster = SharedCluster.get();
		this.context = Contexts.start(withSecret(SharedCluster.redisProperties()));
	}

	@AfterAll
	void closeContext() {
		if (this.context != null) {
			this.context.close();
		}
	}

	static Stream<Arguments> hostileTokens() {
		return HostileTokenCases.rejected(SECRET, OTHER_SECRET)
			.entrySet()
			.stream()
			.map((entry) -> Arguments.of(entry.getKey(), entry.getValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileTokens")
	void decodeWhenTokenIsHostileThenBadJwtExceptionFastAndNoRedisCall(String name, String token) {
		long before = scriptCalls();
		long started = System.nanoTime();
		Throwable thrown = catchThrowable(() -> decoder().decode(token));
		assertThat(thrown).as(name).isInstanceOf(BadJwtException.class);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).as(name).isLessThan(Duration.ofSeconds(2));
		assertThat(scriptCalls() - before).as(name).isZero();
	}

	@Test
	void decodeWhenExpiredWithinTheClockSkewThenAcceptedAndChecked() {
		long now = Instant.now().getEpochSecond();
		String token = Jose.sign(Jose.HS256,
				Jose.claims("skew-" + UUID.randomUUID(), UUID.randomUUID().toString(), now - 600, now - 30, null),
				SECRET);
		long before = scriptCalls();
		assertThat(decoder().decode(token).getSubject()).startsWith("skew-");
		assertThat(scriptCalls() - before).isPositive();
	}

	@Test
	void decodeWhenNotBeforeIsWithinTheClockSkewThenAccepted() {
		long now = Instant.now().getEpochSecond();
		String token = Jose.sign(Jose.HS256, Jose.claims("nbf-" + UUID.randomUUID(), UUID.randomUUID().toString(), now,
				now + 600, "\"nbf\":" + (now + 30)), SECRET);
		assertThat(decoder().decode(token).getSubject()).startsWith("nbf-");
	}

	@Test
	void decodeWhenCaseTableRanThenEveryCaseWasCounted() {
		assertThat(HostileTokenCases.rejected(SECRET, OTHER_SECRET)).hasSizeGreaterThanOrEqualTo(50);
	}

	private JwtDecoder decoder() {
		if (this.decoder == null) {
			this.decoder = this.context.getBean(JwtDecoder.class);
		}
		return this.decoder;
	}

	static String[] withSecret(String[] properties) {
		String[] all = java.util.Arrays.copyOf(properties, properties.length + 1);
		all[properties.length] = "jwt.redis.secret=" + SECRET;
		return all;
	}

	private long scriptCalls() {
		Map<String, Long> calls = this.cluster.commandCalls();
		return calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
	}

}
