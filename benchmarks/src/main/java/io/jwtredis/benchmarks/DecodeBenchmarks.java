package io.jwtredis.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.jwtredis.benchmarks.off.NotRevokedStore;
import io.jwtredis.core.LettuceInvalidationChannel;
import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.NearCacheRevocationStore;
import io.jwtredis.core.NearCacheSettings;
import io.jwtredis.core.RevocationCheckingJwtDecoder;
import io.jwtredis.core.RevocationStatistics;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Decode throughput of Spring's HS256 decoder alone, with the revocation check (one round
 * trip), with a warm near cache, and with the naive two-round-trip layout.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmarks {

	static final int TOKENS = 1_000;

	private BenchmarkCluster redis;

	private StatefulRedisClusterConnection<String, String> naiveConnection;

	private LettuceRevocationStore store;

	private NearCacheRevocationStore nearCache;

	private String[] tokens;

	private JwtDecoder nativeDecoder;

	private JwtDecoder revocationDecoder;

	private JwtDecoder nearCacheDecoder;

	private JwtDecoder decoratorOnlyDecoder;

	private NaiveRevocationDecoder naiveDecoder;

	private MgetRevocationDecoder mgetDecoder;

	@Setup(Level.Trial)
	public void start() throws InterruptedException {
		this.redis = new BenchmarkCluster();
		this.store = this.redis.store("bench", Duration.ofSeconds(60), Duration.ofHours(24));
		LettuceInvalidationChannel channel = new LettuceInvalidationChannel(() -> this.redis.client,
				"bench:invalidations", Duration.ofMillis(500), Duration.ofMillis(250));
		this.nearCache = new NearCacheRevocationStore(this.store, channel,
				new NearCacheSettings(10_000, Duration.ofSeconds(2), Duration.ofMillis(250)));
		this.nativeDecoder = BenchmarkCluster.nimbus();
		this.revocationDecoder = new RevocationCheckingJwtDecoder(this.nativeDecoder, () -> this.store,
				Duration.ofHours(24), false, new RevocationStatistics());
		this.decoratorOnlyDecoder = new RevocationCheckingJwtDecoder(this.nativeDecoder, NotRevokedStore::new,
				Duration.ofHours(24), false, new RevocationStatistics());
		this.nearCacheDecoder = new RevocationCheckingJwtDecoder(this.nativeDecoder, () -> this.nearCache,
				Duration.ofHours(24), false, new RevocationStatistics());
		this.naiveConnection = this.redis.client.connect();
		this.naiveDecoder = new NaiveRevocationDecoder(this.nativeDecoder, this.naiveConnection.sync());
		this.mgetDecoder = new MgetRevocationDecoder(this.nativeDecoder, this.naiveConnection.sync(),
				new io.jwtredis.core.RevocationKeys("bench"));
		this.naiveConnection.sync().sadd(NaiveRevocationDecoder.BLACKLIST, "some-revoked-id");
		this.tokens = new String[TOKENS];
		for (int i = 0; i < TOKENS; i++) {
			this.tokens[i] = BenchmarkCluster.token("user-" + (i % 100), Duration.ofHours(1));
			Jwt jwt = this.revocationDecoder.decode(this.tokens[i]);
			this.naiveDecoder.record(jwt);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!this.nearCache.isLive() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		for (String token : this.tokens) {
			this.nearCacheDecoder.decode(token);
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		long hits = this.nearCache.hitCount();
		long misses = this.nearCache.missCount();
		if (hits > 0) {
			System.out.printf("%nnear cache: %d hits, %d misses (%.3f%% misses)%n", hits, misses,
					100.0 * misses / (hits + misses));
		}
		this.nearCache.close();
		this.store.close();
		this.naiveConnection.close();
		this.redis.close();
	}

	@Benchmark
	public Jwt nativeNimbus(Cursor cursor) {
		return this.nativeDecoder.decode(this.tokens[cursor.next()]);
	}

	@Benchmark
	public Jwt revocationCheck(Cursor cursor) {
		return this.revocationDecoder.decode(this.tokens[cursor.next()]);
	}

	/**
	 * The decorator's own work (canonical spelling, required claims, {@code iat}) with a
	 * store that answers "not revoked" at once: what a near-cache hit costs at best.
	 * @param cursor the token cursor
	 * @return the token
	 */
	@Benchmark
	public Jwt decoratorOnly(Cursor cursor) {
		return this.decoratorOnlyDecoder.decode(this.tokens[cursor.next()]);
	}

	@Benchmark
	public Jwt revocationCheckNearCache(Cursor cursor) {
		return this.nearCacheDecoder.decode(this.tokens[cursor.next()]);
	}

	@Benchmark
	public Jwt naiveTwoRoundTrips(Cursor cursor) {
		return this.naiveDecoder.decode(this.tokens[cursor.next()]);
	}

	@Benchmark
	public Jwt prototypeMgetCheck(Cursor cursor) {
		return this.mgetDecoder.decode(this.tokens[cursor.next()]);
	}

	/**
	 * Each thread's position in the token list.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private int next = (int) (Thread.currentThread().getId() * 7919 % TOKENS);

		int next() {
			int current = this.next;
			this.next = (current + 1 == TOKENS) ? 0 : current + 1;
			return current;
		}

	}

}
