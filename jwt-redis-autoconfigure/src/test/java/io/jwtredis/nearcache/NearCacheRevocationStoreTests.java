package io.jwtredis.nearcache;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.jwtredis.core.InvalidationChannel;
import io.jwtredis.core.NearCacheRevocationStore;
import io.jwtredis.core.NearCacheSettings;
import io.jwtredis.core.RevocationStatus;
import io.jwtredis.core.RevocationStore;
import io.jwtredis.core.TokenRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link NearCacheRevocationStore} with an in-memory store and channel.
 */
class NearCacheRevocationStoreTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final MemoryStore delegate = new MemoryStore();

	private final LoopbackChannel channel = new LoopbackChannel();

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	@Test
	void checkWhenRepeatedWhileHeartbeatsComeBackThenAnsweredFromMemory() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		assertThat(store.check(token)).isEqualTo(RevocationStatus.ACTIVE);
		assertThat(store.check(token)).isEqualTo(RevocationStatus.ACTIVE);
		assertThat(store.check(token)).isEqualTo(RevocationStatus.ACTIVE);
		assertThat(this.delegate.checks.get()).isEqualTo(1);
		assertThat(store.hitCount()).isEqualTo(2);
		assertThat(store.missCount()).isEqualTo(1);
	}

	@Test
	void checkWhenAnsweredFromMemoryThenTheClaimsAreNeverBuilt() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		AtomicInteger builds = new AtomicInteger();
		String tokenId = UUID.randomUUID().toString();
		TokenRecord first = lazyToken(tokenId, builds);
		this.delegate.readClaims = true;
		assertThat(store.check(first)).isEqualTo(RevocationStatus.ACTIVE);
		assertThat(builds).hasValue(1);
		first.claims();
		assertThat(builds).as("built once per record").hasValue(1);
		TokenRecord again = lazyToken(tokenId, builds);
		assertThat(store.check(again)).isEqualTo(RevocationStatus.ACTIVE);
		assertThat(store.hitCount()).isEqualTo(1);
		assertThat(builds).as("a hit builds no claims").hasValue(1);
	}

	@Test
	void checkWhenClosedThenGoesToDelegate() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		store.check(token);
		store.close();
		this.delegate.revoked.add(token.tokenId());
		assertThat(store.isLive()).isFalse();
		assertThat(store.check(token)).isEqualTo(RevocationStatus.REVOKED);
		this.channel.heartbeat();
		assertThat(store.isLive()).as("a heartbeat still in flight").isFalse();
	}

	@Test
	void checkWhenSuspendedThenGoesToDelegateUntilResumedAndHeartbeatsReturn() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		store.check(token);
		store.suspend();
		assertThat(this.channel.suspended).isTrue();
		assertThat(store.check(token)).isEqualTo(RevocationStatus.ACTIVE);
		assertThat(this.delegate.checks.get()).isEqualTo(2);
		store.resume();
		assertThat(this.channel.suspended).isFalse();
		assertThat(store.isLive()).isFalse();
		this.channel.heartbeat();
		assertThat(store.isLive()).isTrue();
		store.check(token);
		assertThat(this.delegate.checks.get()).as("emptied while suspended").isEqualTo(3);
		store.check(token);
		assertThat(this.delegate.checks.get()).isEqualTo(3);
	}

	@Test
	void checkWhenSubscriptionDropsThenGoesToDelegateAndCacheIsEmptiedBeforeAnsweringAgain() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		store.check(token);
		long flushes = store.flushCount();
		this.channel.interrupt();
		assertThat(store.isLive()).isFalse();
		store.check(token);
		assertThat(this.delegate.checks.get()).isEqualTo(2);
		this.channel.heartbeat();
		assertThat(store.isLive()).isTrue();
		assertThat(store.flushCount()).isGreaterThan(flushes);
		store.check(token);
		assertThat(this.delegate.checks.get()).isEqualTo(3);
	}

	@Test
	void checkWhenNoHeartbeatCameBackThenEveryCheckGoesToDelegate() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		TokenRecord token = token("alice");
		store.check(token);
		store.check(token);
		assertThat(this.delegate.checks.get()).isEqualTo(2);
		assertThat(store.isLive()).isFalse();
	}

	@Test
	void checkWhenHeartbeatsStopThenGoesToDelegateAndCacheIsEmptiedWhenTheyReturn() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(10));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		store.check(token);
		advance(Duration.ofMillis(1100));
		assertThat(store.isLive()).isFalse();
		store.check(token);
		assertThat(this.delegate.checks.get()).isEqualTo(2);
		long flushes = store.flushCount();
		this.channel.heartbeat();
		assertThat(store.flushCount()).isEqualTo(flushes + 1);
		assertThat(store.estimatedSize()).isZero();
		store.check(token);
		assertThat(this.delegate.checks.get()).isEqualTo(3);
	}

	@Test
	void checkWhenTtlPassedThenGoesToDelegate() {
		NearCacheRevocationStore store = store(100, Duration.ofMillis(500));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		store.check(token);
		advance(Duration.ofMillis(600));
		this.channel.heartbeat();
		store.check(token);
		assertThat(this.delegate.checks.get()).isEqualTo(2);
	}

	@Test
	void checkWhenRevokedThroughThisStoreThenRejected() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		store.check(token);
		store.revoke(token.tokenId(), token.subject(), token.expiresAt());
		assertThat(store.check(token)).isEqualTo(RevocationStatus.REVOKED);
		assertThat(this.channel.published).hasSize(1);
		assertThat(this.channel.published.get(0)).doesNotContain(token.tokenId()).doesNotContain("alice");
	}

	@Test
	void checkWhenRevokedByAnotherInstanceThenRejected() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		NearCacheRevocationStore other = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		store.check(token);
		other.revoke(token.tokenId(), token.subject(), token.expiresAt());
		assertThat(store.check(token)).isEqualTo(RevocationStatus.REVOKED);
	}

	@Test
	void checkWhenSubjectLoggedOutEverywhereThenOlderTokenRejectedEvenAfterNewerTokenIsCached() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord older = token("alice");
		store.check(older);
		store.revokeAllIssuedBefore("alice", NOW);
		TokenRecord newer = new TokenRecord(UUID.randomUUID().toString(), "alice", NOW.plusSeconds(1),
				NOW.plusSeconds(600), Map.of());
		assertThat(store.check(newer)).isEqualTo(RevocationStatus.ACTIVE);
		assertThat(store.check(newer)).isEqualTo(RevocationStatus.ACTIVE);
		assertThat(store.check(older)).isEqualTo(RevocationStatus.REVOKED_BY_CUTOFF);
	}

	@Test
	void checkWhenInvalidationArrivesWhileDelegateAnswersThenAnswerIsNotKept() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		this.delegate.duringCheck = () -> {
			this.delegate.revoked.add(token.tokenId());
			this.channel.deliver(messageFor(token));
		};
		assertThat(store.check(token)).isEqualTo(RevocationStatus.ACTIVE);
		this.delegate.duringCheck = null;
		assertThat(store.check(token)).isEqualTo(RevocationStatus.REVOKED);
	}

	@Test
	void checkWhenRevokedThenAnswerIsNeverCached() {
		NearCacheRevocationStore store = store(100, Duration.ofSeconds(2));
		this.channel.heartbeat();
		TokenRecord token = token("alice");
		this.delegate.revoked.add(token.tokenId());
		store.check(token);
		store.check(token);
		assertThat(this.delegate.checks.get()).isEqualTo(2);
		assertThat(store.estimatedSize()).isZero();
	}

	@Test
	void checkWhenMoreTokensThanMaximumSizeThenSizeStaysBounded() {
		NearCacheRevocationStore store = store(100, Duration.ofMinutes(1));
		this.channel.heartbeat();
		for (int i = 0; i < 2_000; i++) {
			store.check(token("user-" + (i % 50)));
		}
		assertThat(store.estimatedSize()).isLessThanOrEqualTo(100);
	}

	private NearCacheRevocationStore store(long maximumSize, Duration ttl) {
		return new NearCacheRevocationStore(this.delegate, this.channel,
				new NearCacheSettings(maximumSize, ttl, Duration.ofMillis(250)), this.nanos::get);
	}

	private void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	private static String messageFor(TokenRecord token) {
		LoopbackChannel capture = new LoopbackChannel();
		new NearCacheRevocationStore(new MemoryStore(), capture,
				new NearCacheSettings(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
			.revoke(token.tokenId(), token.subject(), token.expiresAt());
		return capture.published.get(0);
	}

	private static TokenRecord lazyToken(String tokenId, AtomicInteger builds) {
		return TokenRecord.withLazyClaims(tokenId, "alice", NOW.minusSeconds(10), NOW.plusSeconds(600), () -> {
			builds.incrementAndGet();
			return Map.of("jti", tokenId);
		});
	}

	private static TokenRecord token(String subject) {
		return new TokenRecord(UUID.randomUUID().toString(), subject, NOW.minusSeconds(10), NOW.plusSeconds(600),
				Map.of());
	}

	static final class MemoryStore implements RevocationStore {

		final AtomicInteger checks = new AtomicInteger();

		final Set<String> revoked = java.util.concurrent.ConcurrentHashMap.newKeySet();

		final Map<String, Instant> cutoffs = new java.util.concurrent.ConcurrentHashMap<>();

		volatile Runnable duringCheck;

		volatile boolean readClaims;

		@Override
		public RevocationStatus check(TokenRecord token) {
			this.checks.incrementAndGet();
			if (this.readClaims) {
				token.claims();
			}
			RevocationStatus status = this.revoked.contains(token.tokenId()) ? RevocationStatus.REVOKED
					: (this.cutoffs.containsKey(token.subject())
							&& !token.issuedAt().isAfter(this.cutoffs.get(token.subject())))
									? RevocationStatus.REVOKED_BY_CUTOFF : RevocationStatus.ACTIVE;
			Runnable hook = this.duringCheck;
			if (hook != null) {
				hook.run();
			}
			return status;
		}

		@Override
		public Instant recordIssued(String tokenId, String subject, Instant now, Duration lifetime,
				Map<String, String> claims) {
			return now;
		}

		@Override
		public void revoke(String tokenId, String subject, Instant expiresAt) {
			this.revoked.add(tokenId);
		}

		@Override
		public void revokeAllIssuedBefore(String subject, Instant cutoff) {
			this.cutoffs.put(subject, cutoff);
		}

	}

	static final class LoopbackChannel implements InvalidationChannel {

		final List<Listener> listeners = new CopyOnWriteArrayList<>();

		final List<String> published = new CopyOnWriteArrayList<>();

		@Override
		public void start(Listener listener) {
			this.listeners.add(listener);
		}

		@Override
		public void publish(String message) {
			this.published.add(message);
			deliver(message);
		}

		void deliver(String message) {
			this.listeners.forEach((listener) -> listener.onInvalidation(message));
		}

		void heartbeat() {
			this.listeners.forEach(Listener::onHeartbeat);
		}

		void interrupt() {
			this.listeners.forEach(Listener::onInterrupted);
		}

		volatile boolean suspended;

		@Override
		public void suspend() {
			this.suspended = true;
		}

		@Override
		public void resume() {
			this.suspended = false;
		}

		@Override
		public void close() {
		}

	}

}
