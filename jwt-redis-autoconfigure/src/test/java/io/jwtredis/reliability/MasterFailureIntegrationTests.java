package io.jwtredis.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.jwtredis.core.LettuceRevocationStore;
import io.jwtredis.core.RevocationStatus;
import io.jwtredis.core.RevocationStoreUnavailableException;
import io.jwtredis.core.TokenRecord;
import io.jwtredis.embedded.EmbeddedRedisCluster;
import io.jwtredis.embedded.RedisNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One master frozen, killed under load, or killed right after acknowledged revocations,
 * on a cluster of its own with a 2 s node timeout.
 */
@ExtendWith(OutputCaptureExtension.class)
class MasterFailureIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final Duration MARGIN = Duration.ofMillis(1500);

	private static EmbeddedRedisCluster cluster;

	private ConfigurableApplicationContext context;

	private LettuceRevocationStore store;

	@BeforeAll
	static void startCluster() {
		cluster = EmbeddedRedisCluster.builder().nodeTimeout(Duration.ofSeconds(2)).build().start();
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.stop();
		}
	}

	@BeforeEach
	void startApplication() {
		this.context = FaultTestApplication.start(cluster, false, "jwt.redis.timeout=" + TIMEOUT.toMillis() + "ms",
				"jwt.redis.durability.timeout=1s");
		this.store = this.context.getBean(LettuceRevocationStore.class);
		awaitConnected(this.store);
	}

	static void awaitConnected(LettuceRevocationStore store) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			try {
				store.check(FaultTestApplication.record("warm-up", 60));
				return;
			}
			catch (RevocationStoreUnavailableException ex) {
				assertThat(System.nanoTime()).as("store connects").isLessThan(deadline);
				sleepQuietly(100);
			}
		}
	}

	@AfterEach
	void closeAndHeal() {
		if (this.context != null) {
			this.context.close();
		}
		FaultTestApplication.heal(cluster);
	}

	@Test
	void checkWhenMasterIsFrozenThenItsKeysFailClosedOthersAnswerAndFailoverHeals(CapturedOutput output)
			throws Exception {
		RedisNode frozen = cluster.masters().get(0);
		List<TokenRecord> onFrozen = records(FaultTestApplication.subjectsOn(cluster, frozen, 5));
		List<TokenRecord> elsewhere = new ArrayList<>();
		for (RedisNode master : cluster.masters()) {
			if (master != frozen) {
				elsewhere.addAll(records(FaultTestApplication.subjectsOn(cluster, master, 3)));
			}
		}
		onFrozen.forEach(this.store::check);
		elsewhere.forEach(this.store::check);
		frozen.freeze();
		long frozenAt = System.nanoTime();
		// Other masters first: once the node timeout (2 s) has passed, the cluster is
		// marked down on every node until the replica is promoted
		long slowestOther = 0;
		for (TokenRecord record : elsewhere) {
			long started = System.nanoTime();
			assertThat(this.store.check(record)).isEqualTo(RevocationStatus.ACTIVE);
			slowestOther = Math.max(slowestOther, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		}
		long slowestFailure = 0;
		for (TokenRecord record : onFrozen) {
			long started = System.nanoTime();
			assertThatExceptionOfType(RevocationStoreUnavailableException.class)
				.isThrownBy(() -> this.store.check(record));
			slowestFailure = Math.max(slowestFailure, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		}
		assertThat(slowestFailure).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
		assertThat(slowestOther).isLessThan(TIMEOUT.toMillis());
		long healedAt = awaitCheck(onFrozen.get(0), Duration.ofSeconds(40));
		for (TokenRecord record : onFrozen) {
			assertThat(this.store.check(record)).isEqualTo(RevocationStatus.ACTIVE);
		}
		this.store.revoke(onFrozen.get(1).tokenId(), onFrozen.get(1).subject(), onFrozen.get(1).expiresAt());
		assertThat(this.store.check(onFrozen.get(1))).isEqualTo(RevocationStatus.REVOKED);
		System.out.println("MEASURE frozen master: slowest failed check ms=" + slowestFailure
				+ " slowest check on other masters ms=" + slowestOther + " freeze to first success after failover ms="
				+ TimeUnit.NANOSECONDS.toMillis(healedAt - frozenAt));
		long steadyUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (System.nanoTime() < steadyUntil) {
			onFrozen.forEach(this.store::check);
			elsewhere.forEach(this.store::check);
			Thread.sleep(20);
		}
		assertThat(StoreOutageIntegrationTests.count(output.getAll(), "Revocation store is not answering"))
			.isEqualTo(1);
		assertThat(StoreOutageIntegrationTests.count(output.getAll(), "Revocation store is answering again"))
			.isEqualTo(1);
	}

	@Test
	void checkWhenMasterIsKilledUnderSteadyLoadThenRecoversOnItsOwnWithBoundedConnections(CapturedOutput output)
			throws Exception {
		List<TokenRecord> records = new ArrayList<>();
		for (RedisNode master : cluster.masters()) {
			records.addAll(records(FaultTestApplication.subjectsOn(cluster, master, 4)));
		}
		records.forEach(this.store::check);
		RedisNode victim = cluster.masters().get(1);
		List<RedisNode> survivors = new ArrayList<>(cluster.nodes());
		survivors.remove(victim);
		Map<RedisNode, Long> clientsBefore = clients(survivors);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong firstFailure = new AtomicLong();
		AtomicLong lastFailure = new AtomicLong();
		AtomicLong slowestFailure = new AtomicLong();
		AtomicLong failures = new AtomicLong();
		AtomicLong successes = new AtomicLong();
		ConcurrentLinkedQueue<Long> successTimes = new ConcurrentLinkedQueue<>();
		ExecutorService load = Executors.newFixedThreadPool(4);
		for (int t = 0; t < 4; t++) {
			int offset = t;
			load.submit(() -> {
				int i = offset;
				while (running.get()) {
					TokenRecord record = records.get(i++ % records.size());
					long started = System.nanoTime();
					try {
						this.store.check(record);
						successes.incrementAndGet();
						successTimes.add(System.nanoTime());
					}
					catch (RevocationStoreUnavailableException ex) {
						long now = System.nanoTime();
						failures.incrementAndGet();
						firstFailure.compareAndSet(0, now);
						lastFailure.set(now);
						slowestFailure.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(now - started), Math::max);
					}
					sleepQuietly(5);
				}
			});
		}
		Thread.sleep(500);
		long killedAt = System.nanoTime();
		victim.kill();
		Map<RedisNode, Long> clientsPeak = new ConcurrentHashMap<>();
		long deadline = killedAt + Duration.ofSeconds(40).toNanos();
		while (System.nanoTime() < deadline && (lastFailure.get() == 0
				|| System.nanoTime() - lastFailure.get() < Duration.ofSeconds(3).toNanos())) {
			clients(survivors).forEach((node, count) -> clientsPeak.merge(node, count, Math::max));
			Thread.sleep(100);
		}
		running.set(false);
		load.shutdown();
		assertThat(load.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		assertThat(failures.get()).as("the kill was noticed").isPositive();
		long last = lastFailure.get();
		long firstSteadySuccess = successTimes.stream().filter((time) -> time > last).min(Long::compare).orElseThrow();
		long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(firstSteadySuccess - firstFailure.get());
		System.out.println("MEASURE master SIGKILL under load: kill to first failure ms="
				+ TimeUnit.NANOSECONDS.toMillis(firstFailure.get() - killedAt) + " recovery (first failure to first"
				+ " steady success) ms=" + recoveryMillis + " failed checks=" + failures.get() + " successful checks="
				+ successes.get() + " slowest failed check ms=" + slowestFailure.get() + " clients before="
				+ counts(clientsBefore) + " clients peak=" + counts(clientsPeak));
		assertThat(recoveryMillis).isLessThan(30_000);
		assertThat(slowestFailure.get()).isLessThan(TIMEOUT.plus(MARGIN).toMillis());
		clientsPeak.forEach((node, peak) -> assertThat(peak).as("clients of %s", node)
			.isLessThanOrEqualTo(clientsBefore.getOrDefault(node, 0L) + 6));
		for (TokenRecord record : records) {
			assertThat(this.store.check(record)).isEqualTo(RevocationStatus.ACTIVE);
		}
		assertThat(StoreOutageIntegrationTests.count(output.getAll(), "Revocation store is not answering"))
			.as("one WARN although checks on other masters kept succeeding")
			.isEqualTo(1);
		assertThat(StoreOutageIntegrationTests.count(output.getAll(), "Revocation store is answering again"))
			.isEqualTo(1);
	}

	@Test
	void revokeWhenOwningMasterIsKilledRightAfterAcknowledgementThenNoRevocationIsLost() throws Exception {
		RedisNode victim = cluster.masters().get(2);
		List<String> subjects = FaultTestApplication.subjectsOn(cluster, victim, 50);
		List<TokenRecord> revoked = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			revoked.add(FaultTestApplication.record(subjects.get(i % subjects.size()), 600));
		}
		ExecutorService writers = Executors.newFixedThreadPool(8);
		List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
		for (TokenRecord record : revoked) {
			writes.add(writers.submit(() -> this.store.revoke(record.tokenId(), record.subject(), record.expiresAt())));
		}
		for (java.util.concurrent.Future<?> write : writes) {
			write.get(30, TimeUnit.SECONDS);
		}
		victim.kill();
		writers.shutdown();
		long killedAt = System.nanoTime();
		awaitCheck(revoked.get(0), Duration.ofSeconds(40));
		long lost = 0;
		for (TokenRecord record : revoked) {
			if (this.store.check(record) != RevocationStatus.REVOKED) {
				lost++;
			}
		}
		System.out.println("MEASURE acknowledged revocations=" + revoked.size() + " on killed master " + victim
				+ " lost after failover=" + lost + " failover to first answer ms="
				+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
		assertThat(lost).isZero();
	}

	@Test
	void revokeWhenReplicaOfOwningMasterIsFrozenThenUnavailableWithinDurabilityTimeout() {
		RedisNode owner = cluster.masters().get(0);
		TokenRecord record = FaultTestApplication.record(FaultTestApplication.subjectsOn(cluster, owner, 1).get(0),
				600);
		this.store.check(record);
		RedisNode replica = replicaOf(owner);
		replica.freeze();
		long started = System.nanoTime();
		try {
			assertThatExceptionOfType(RevocationStoreUnavailableException.class)
				.isThrownBy(() -> this.store.revoke(record.tokenId(), record.subject(), record.expiresAt()))
				.withMessageContaining("replica");
		}
		finally {
			replica.resume();
		}
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		System.out.println("MEASURE revoke with frozen replica failed in ms=" + tookMillis);
		assertThat(tookMillis).isBetween(900L, Duration.ofSeconds(1).plus(TIMEOUT).plus(MARGIN).toMillis());
		this.store.revoke(record.tokenId(), record.subject(), record.expiresAt());
		assertThat(this.store.check(record)).isEqualTo(RevocationStatus.REVOKED);
	}

	private static RedisNode replicaOf(RedisNode master) {
		for (RedisNode node : cluster.replicas()) {
			if (FaultTestApplication.infoField(node.info("replication"), "master_port") == master.port()) {
				return node;
			}
		}
		throw new IllegalStateException("No replica of " + master);
	}

	private long awaitCheck(TokenRecord record, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				this.store.check(record);
				return System.nanoTime();
			}
			catch (RevocationStoreUnavailableException ex) {
				assertThat(System.nanoTime()).as("store answers within %s", timeout).isLessThan(deadline);
				Thread.sleep(50);
			}
		}
	}

	private static List<TokenRecord> records(List<String> subjects) {
		return subjects.stream().map((subject) -> FaultTestApplication.record(subject, 600)).toList();
	}

	private static Map<RedisNode, Long> clients(List<RedisNode> nodes) {
		Map<RedisNode, Long> clients = new ConcurrentHashMap<>();
		for (RedisNode node : nodes) {
			try {
				clients.put(node, FaultTestApplication.infoField(node.info("clients"), "connected_clients"));
			}
			catch (RuntimeException ex) {
				// a node that does not answer has no count to report
			}
		}
		return clients;
	}

	private static String counts(Map<RedisNode, Long> clients) {
		List<String> parts = new ArrayList<>();
		cluster.nodes().forEach((node) -> {
			if (clients.containsKey(node)) {
				parts.add(node.port() + ":" + clients.get(node));
			}
		});
		return String.join(",", parts);
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
