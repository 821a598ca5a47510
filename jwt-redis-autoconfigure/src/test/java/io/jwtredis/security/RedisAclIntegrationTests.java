package io.jwtredis.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.jwtredis.core.JwtRedisTokenIssuer;
import io.jwtredis.core.JwtRevoker;
import io.jwtredis.core.NearCacheRevocationStore;
import io.jwtredis.core.RevocationStoreUnavailableException;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.embedded.RedisNode;
import io.jwtredis.test.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * jwt-redis connects as a least-privilege Redis ACL user: only the commands it sends,
 * only keys under its namespace.
 */
class RedisAclIntegrationTests {

	static final String USER = "jwt-redis-app";

	static final String PASSWORD = "acl-password-0123456789abcdef";

	/** The least-privilege rule documented in docs/security.md. */
	static final String RULE = "resetkeys ~jwt-redis:* resetchannels -@all +evalsha +eval +psetex +wait +exists +get +set"
			+ " +hset +expire +pexpire +cluster|nodes +hello";

	/** What Spring Boot's Redis health indicator needs on top (docs/security.md). */
	static final String HEALTH_ADDITION = "+cluster|info";

	/** What the near cache needs on top, with its channel (docs/security.md). */
	static final String NEAR_CACHE_ADDITION = "+publish +subscribe";

	private static EmbeddedRedisCluster cluster;

	@BeforeAll
	static void startCluster() {
		cluster = EmbeddedRedisCluster.builder()
			.masters(3)
			.replicasPerMaster(1)
			.aclUser(USER, PASSWORD, RULE)
			.build()
			.start();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.stop();
		}
	}

	@Test
	void issueCheckRevokeAndRevokeAllWhenUserHasTheLeastPrivilegeRuleThenAllWork() {
		setRule(RULE);
		try (ConfigurableApplicationContext context = start()) {
			assertLifecycleWorks(context);
		}
	}

	@Test
	void startWhenRuleLacksACommandThenTheOperationFailsWithNoPermission() {
		Map<String, String> results = new TreeMap<>();
		for (String command : List.of("evalsha", "eval", "psetex", "wait", "exists", "get", "set", "hset", "expire",
				"pexpire", "cluster|nodes", "hello")) {
			List<String> rule = new ArrayList<>(List.of(RULE.split(" ")));
			rule.remove("+" + command);
			setRule(String.join(" ", rule));
			// Each master must show its replica, or a revocation rightly skips WAIT
			cluster.awaitHealthy(Duration.ofSeconds(30));
			Throwable failure;
			try (ConfigurableApplicationContext context = start()) {
				failure = catchThrowable(() -> assertLifecycleWorks(context));
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			results.put(command, (failure == null) ? "not needed" : describe(failure));
		}
		System.out.println("ACL rule without each command: " + results);
		for (String needed : List.of("evalsha", "psetex", "wait", "exists", "get", "set", "hset", "expire", "pexpire",
				"cluster|nodes")) {
			assertThat(results.get(needed)).as(needed)
				.containsAnyOf("NOPERM", "can't run this command", "Cannot retrieve cluster partitions");
		}
	}

	@Test
	void healthWhenRuleAllowsClusterInfoThenUpAndWithoutItDown() {
		setRule(RULE + " " + HEALTH_ADDITION);
		try (ConfigurableApplicationContext context = start()) {
			assertThat(health(context)).isEqualTo(Status.UP);
		}
		setRule(RULE);
		try (ConfigurableApplicationContext context = start()) {
			assertThat(health(context)).isEqualTo(Status.DOWN);
		}
	}

	@Test
	void nearCacheWhenRuleAllowsItsChannelThenItGoesLiveAndAnswers() throws InterruptedException {
		setRule(RULE.replace("resetchannels", "resetchannels &jwt-redis:invalidations") + " " + NEAR_CACHE_ADDITION);
		try (ConfigurableApplicationContext context = start("jwt.redis.near-cache.enabled=true")) {
			NearCacheRevocationStore nearCache = context.getBean(NearCacheRevocationStore.class);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!nearCache.isLive() && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(nearCache.isLive()).isTrue();
			JwtDecoder decoder = context.getBean(JwtDecoder.class);
			Jwt jwt = context.getBean(JwtRedisTokenIssuer.class).issue("acl-" + System.nanoTime(), List.of("read"));
			// A late heartbeat on a busy machine can pause the cache for a moment: retry
			deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (nearCache.hitCount() == 0 && System.nanoTime() < deadline) {
				decoder.decode(jwt.getTokenValue());
			}
			assertThat(nearCache.hitCount()).isPositive();
			context.getBean(JwtRevoker.class).revoke(jwt);
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(jwt.getTokenValue()));
		}
	}

	@Test
	void checkWhenKeysAreOutsideTheNamespaceThenNoPermission() {
		setRule(RULE);
		try (ConfigurableApplicationContext context = start("jwt.redis.namespace=other")) {
			Throwable failure = catchThrowable(() -> context.getBean(JwtRedisTokenIssuer.class)
				.issue("acl-" + System.nanoTime(), List.of("read")));
			assertThat(failure).isInstanceOf(RevocationStoreUnavailableException.class);
			assertThat(describe(failure)).contains("NOPERM");
		}
	}

	private static Status health(ConfigurableApplicationContext context) {
		Health health = new DataRedisHealthIndicator(context.getBean(RedisConnectionFactory.class)).health(false);
		return (health != null) ? health.getStatus() : Status.UNKNOWN;
	}

	private static void assertLifecycleWorks(ConfigurableApplicationContext context) {
		JwtRedisTokenIssuer issuer = context.getBean(JwtRedisTokenIssuer.class);
		JwtDecoder decoder = context.getBean(JwtDecoder.class);
		JwtRevoker revoker = context.getBean(JwtRevoker.class);
		String subject = "acl-" + System.nanoTime();
		Jwt first = issuer.issue(subject, List.of("read"));
		Jwt second = issuer.issue(subject, List.of("read"));
		assertThat(decoder.decode(first.getTokenValue()).getSubject()).isEqualTo(subject);
		revoker.revoke(first);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(first.getTokenValue()));
		assertThat(decoder.decode(second.getTokenValue()).getSubject()).isEqualTo(subject);
		String foreign = TestTokens.sign(TestTokens.claims(subject).build());
		assertThat(decoder.decode(foreign).getSubject()).isEqualTo(subject);
		revoker.revokeAll(subject);
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(second.getTokenValue()));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode(foreign));
	}

	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
		return root.getClass().getSimpleName() + ": " + message;
	}

	private static void setRule(String rule) {
		List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", USER, "reset", "on", ">" + PASSWORD));
		args.addAll(List.of(rule.split(" ")));
		for (RedisNode node : cluster.nodes()) {
			node.execute(args.toArray(String[]::new));
		}
	}

	private static ConfigurableApplicationContext start(String... extra) {
		List<String> properties = new ArrayList<>(List.of("spring.data.redis.cluster.nodes=" + cluster.nodesProperty(),
				"spring.data.redis.username=" + USER, "spring.data.redis.password=" + PASSWORD,
				"jwt.redis.secret=" + TestTokens.SECRET, "jwt.redis.timeout=2s"));
		properties.addAll(List.of(extra));
		return Contexts.start(properties.toArray(String[]::new));
	}

}
