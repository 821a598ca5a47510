package io.jwtredis.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.jwtredis.core.LettuceInvalidationChannel;
import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.NearCacheRevocationStore;
import io.jwtredis.core.NearCacheSettings;
import io.jwtredis.core.RevocationCheckingJwtDecoder;
import io.jwtredis.core.RevocationStatistics;
import io.jwtredis.embedded.RedisNode;

import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Measures what revocation costs Redis: round trips per validation with and without the
 * near cache, memory per revoked token, how revoked keys spread over the masters, and
 * whether that memory is returned once the tokens expire.
 * <p>
 * Arguments (optional): {@code revocations=100000 lifetime=20s}.
 */
public final class RedisCostMain {

	private RedisCostMain() {
	}

	public static void main(String[] args) throws Exception {
		int revocations = 100_000;
		Duration lifetime = Duration.ofSeconds(20);
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			switch (pair[0]) {
				case "revocations" -> revocations = Integer.parseInt(pair[1]);
				case "lifetime" -> lifetime = Duration.parse("PT" + pair[1].toUpperCase());
				default -> throw new IllegalArgumentException("Unknown argument " + arg);
			}
		}
		try (BenchmarkCluster redis = new BenchmarkCluster()) {
			roundTrips(redis);
			memory(redis, revocations, lifetime);
		}
	}

	private static void roundTrips(BenchmarkCluster redis) throws InterruptedException {
		LettuceRevocationStore store = redis.store("cost", Duration.ofSeconds(60), Duration.ofHours(24));
		LettuceInvalidationChannel channel = new LettuceInvalidationChannel(() -> redis.client, "cost:invalidations",
				Duration.ofMillis(500), Duration.ofMillis(250));
		NearCacheRevocationStore nearCache = new NearCacheRevocationStore(store, channel,
				new NearCacheSettings(10_000, Duration.ofSeconds(5), Duration.ofMillis(250)));
		JwtDecoder plain = new RevocationCheckingJwtDecoder(BenchmarkCluster.nimbus(), () -> store,
				Duration.ofHours(24), false, new RevocationStatistics());
		JwtDecoder cached = new RevocationCheckingJwtDecoder(BenchmarkCluster.nimbus(), () -> nearCache,
				Duration.ofHours(24), false, new RevocationStatistics());
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			tokens.add(BenchmarkCluster.token("cost-user-" + i, Duration.ofHours(1)));
		}
		tokens.forEach(plain::decode);
		int validations = 10 * tokens.size();
		redis.cluster.resetStats();
		for (int i = 0; i < validations; i++) {
			plain.decode(tokens.get(i % tokens.size()));
		}
		Map<String, Long> calls = redis.cluster.commandCalls();
		System.out.printf(
				"known token, no near cache: %d validations -> %d evalsha, %d eval (%.3f round trips each); "
						+ "all commands: %s%n",
				validations, calls.getOrDefault("evalsha", 0L), calls.getOrDefault("eval", 0L),
				(calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L)) / (double) validations, calls);
		System.out.println("  server time per call (INFO commandstats usec_per_call): " + serverTime(redis));
		io.lettuce.core.cluster.api.StatefulRedisClusterConnection<String, String> connection = redis.client.connect();
		NaiveRevocationDecoder naive = new NaiveRevocationDecoder(BenchmarkCluster.nimbus(), connection.sync());
		tokens.forEach((token) -> naive.record(BenchmarkCluster.nimbus().decode(token)));
		redis.cluster.resetStats();
		for (int i = 0; i < validations; i++) {
			naive.decode(tokens.get(i % tokens.size()));
		}
		calls = redis.cluster.commandCalls();
		System.out.printf(
				"known token, naive layout: %d validations -> %d sismember + %d hgetall (%.3f round trips " + "each)%n",
				validations, calls.getOrDefault("sismember", 0L), calls.getOrDefault("hgetall", 0L),
				(calls.getOrDefault("sismember", 0L) + calls.getOrDefault("hgetall", 0L)) / (double) validations);
		System.out.println("  server time per call (INFO commandstats usec_per_call): " + serverTime(redis));
		connection.close();
		while (!nearCache.isLive()) {
			Thread.sleep(20);
		}
		tokens.forEach(cached::decode);
		redis.cluster.resetStats();
		for (int i = 0; i < validations; i++) {
			cached.decode(tokens.get(i % tokens.size()));
		}
		calls = redis.cluster.commandCalls();
		System.out.printf(
				"known token, warm near cache: %d validations -> %d evalsha, %d eval (%.3f round trips each); "
						+ "all commands: %s (publish = the near cache heartbeat, not per validation)%n",
				validations, calls.getOrDefault("evalsha", 0L), calls.getOrDefault("eval", 0L),
				(calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L)) / (double) validations, calls);
		nearCache.close();
		store.close();
	}

	private static void memory(BenchmarkCluster redis, int revocations, Duration lifetime) throws Exception {
		Duration skew = Duration.ofSeconds(1);
		LettuceRevocationStore store = redis.store("mem", skew, Duration.ofMinutes(5));
		List<RedisNode> masters = redis.cluster.masters();
		for (RedisNode master : masters) {
			master.execute("FLUSHALL");
		}
		Thread.sleep(500);
		long before = usedMemory(masters);
		Instant expiresAt = Instant.now().plus(lifetime);
		long start = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<?>> done = new ArrayList<>();
		int perTask = revocations / 16;
		for (int t = 0; t < 16; t++) {
			int count = (t == 15) ? revocations - perTask * 15 : perTask;
			done.add(pool.submit(() -> {
				for (int i = 0; i < count; i++) {
					String id = UUID.randomUUID().toString();
					store.revoke(id, "subject-" + id, expiresAt);
				}
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		pool.shutdown();
		double seconds = (System.nanoTime() - start) / 1e9;
		long after = usedMemory(masters);
		System.out.printf("%d revocations in %.1f s (%.0f/s, each durable on 1 replica)%n", revocations, seconds,
				revocations / seconds);
		System.out.printf("used_memory on masters: %d -> %d bytes, %.1f bytes per revoked token%n", before, after,
				(after - before) / (double) revocations);
		StringBuilder spread = new StringBuilder();
		for (RedisNode master : masters) {
			spread.append(master.port()).append('=').append(master.execute("DBSIZE")).append(' ');
		}
		System.out.println("keys per master after " + revocations + " revocations: " + spread.toString().trim());
		long waitStart = System.nanoTime();
		long remaining;
		do {
			Thread.sleep(1000);
			remaining = 0;
			for (RedisNode master : masters) {
				remaining += (Long) master.execute("DBSIZE");
			}
		}
		while (remaining > 0 && System.nanoTime() - waitStart < Duration.ofMinutes(3).toNanos());
		long expiredAfter = Duration.between(expiresAt.plus(skew), Instant.now()).toMillis();
		long end = usedMemory(masters);
		System.out.printf("keys left after expiry: %d (checked %d ms after exp + skew); used_memory %d bytes "
				+ "(%+d vs before)%n", remaining, expiredAfter, end, end - before);
		store.close();
	}

	private static Map<String, String> serverTime(BenchmarkCluster redis) {
		Map<String, double[]> sums = new java.util.TreeMap<>();
		for (RedisNode master : redis.cluster.masters()) {
			for (String line : master.info("commandstats").split("\r?\n")) {
				if (!line.startsWith("cmdstat_")) {
					continue;
				}
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				long calls = 0;
				double usec = 0;
				for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
					if (field.startsWith("calls=")) {
						calls = Long.parseLong(field.substring(6));
					}
					else if (field.startsWith("usec=")) {
						usec = Double.parseDouble(field.substring(5));
					}
				}
				double[] sum = sums.computeIfAbsent(name, (key) -> new double[2]);
				sum[0] += calls;
				sum[1] += usec;
			}
		}
		Map<String, String> perCall = new java.util.TreeMap<>();
		sums.forEach((name, sum) -> {
			if (!name.equals("config") && !name.equals("info")) {
				perCall.put(name, String.format("%.2f us x %d", sum[1] / sum[0], (long) sum[0]));
			}
		});
		return perCall;
	}

	private static long usedMemory(List<RedisNode> masters) {
		long total = 0;
		for (RedisNode master : masters) {
			for (String line : master.info("memory").split("\r?\n")) {
				if (line.startsWith("used_memory:")) {
					total += Long.parseLong(line.substring("used_memory:".length()).trim());
				}
			}
		}
		return total;
	}

}
