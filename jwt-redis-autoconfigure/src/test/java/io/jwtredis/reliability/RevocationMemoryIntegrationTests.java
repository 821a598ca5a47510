package io.jwtredis.reliability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.RevocationKeys;
import io.jwtredis.core.StoreSettings;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.embedded.RedisNode;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoked-token keys expire on their own: 100,000 short-lived revocations leave nothing
 * behind once their lifetime plus the clock skew has passed.
 */
class RevocationMemoryIntegrationTests {

	private static final int REVOCATIONS = 100_000;

	private static EmbeddedRedisCluster cluster;

	private static RedisClusterClient client;

	@BeforeAll
	static void startCluster() {
		cluster = EmbeddedRedisCluster.builder().nodeTimeout(Duration.ofSeconds(2)).build().start();
		List<RedisURI> uris = cluster.nodes()
			.stream()
			.map((node) -> RedisURI.builder()
				.withHost(node.host())
				.withPort(node.port())
				.withPassword(cluster.password().toCharArray())
				.build())
			.toList();
		client = RedisClusterClient.create(uris);
		client.setOptions(ClusterClientOptions.builder()
			.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers().build())
			.build());
	}

	@AfterAll
	static void stopCluster() {
		if (client != null) {
			client.shutdown();
		}
		if (cluster != null) {
			cluster.stop();
		}
	}

	@Test
	void revokeWhenManyShortLivedTokensExpireThenEveryRevokedKeyIsGone() throws Exception {
		Duration lifetime = Duration.ofSeconds(20);
		Duration clockSkew = Duration.ofSeconds(1);
		StoreSettings settings = new StoreSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), clockSkew,
				Duration.ofHours(1), null, Duration.ofSeconds(2), Clock.systemUTC());
		try (LettuceRevocationStore store = new LettuceRevocationStore(() -> client,
				new RevocationKeys(RevocationKeys.DEFAULT_NAMESPACE), settings)) {
			List<RedisNode> masters = cluster.masters();
			Map<RedisNode, Long> keysBefore = dbsize(masters);
			long memoryBefore = usedMemory(masters);
			Instant expiresAt = Instant.now().plus(lifetime);
			ExecutorService writers = Executors.newFixedThreadPool(32);
			AtomicInteger next = new AtomicInteger();
			long started = System.nanoTime();
			List<Future<?>> batches = new java.util.ArrayList<>();
			for (int t = 0; t < 32; t++) {
				batches.add(writers.submit(() -> {
					while (next.getAndIncrement() < REVOCATIONS) {
						store.revoke(UUID.randomUUID().toString(), "user-" + UUID.randomUUID(), expiresAt);
					}
				}));
			}
			for (Future<?> batch : batches) {
				batch.get(5, TimeUnit.MINUTES);
			}
			writers.shutdown();
			long revokeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			Map<RedisNode, Long> keysAfter = dbsize(masters);
			long memoryAfter = usedMemory(masters);
			long added = keysAfter.values().stream().mapToLong(Long::longValue).sum()
					- keysBefore.values().stream().mapToLong(Long::longValue).sum();
			System.out.println("MEASURE " + REVOCATIONS + " revocations took ms=" + revokeMillis + " keys per master="
					+ spread(keysAfter, keysBefore) + " used_memory delta per key bytes="
					+ ((memoryAfter - memoryBefore) / Math.max(1, added)));
			assertThat(added).isEqualTo(REVOCATIONS);
			Duration untilGone = Duration.between(Instant.now(), expiresAt.plus(clockSkew));
			Thread.sleep(Math.max(0, untilGone.toMillis()));
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			Map<RedisNode, Long> keysLater = dbsize(masters);
			while (!keysLater.equals(keysBefore) && System.nanoTime() < deadline) {
				Thread.sleep(250);
				keysLater = dbsize(masters);
			}
			System.out.println("MEASURE keys per master after lifetime plus skew=" + spread(keysLater, keysBefore)
					+ " gone ms after expiry=" + Duration.between(expiresAt.plus(clockSkew), Instant.now()).toMillis());
			assertThat(keysLater).isEqualTo(keysBefore);
		}
	}

	private static Map<RedisNode, Long> dbsize(List<RedisNode> masters) {
		Map<RedisNode, Long> sizes = new LinkedHashMap<>();
		for (RedisNode master : masters) {
			sizes.put(master, (Long) master.execute("DBSIZE"));
		}
		return sizes;
	}

	private static long usedMemory(List<RedisNode> masters) {
		long total = 0;
		for (RedisNode master : masters) {
			total += FaultTestApplication.infoField(master.info("memory"), "used_memory");
		}
		return total;
	}

	private static String spread(Map<RedisNode, Long> after, Map<RedisNode, Long> before) {
		StringBuilder text = new StringBuilder();
		after.forEach((node, count) -> text.append(node.port())
			.append('=')
			.append(count - before.getOrDefault(node, 0L))
			.append(' '));
		return text.toString().trim();
	}

}
