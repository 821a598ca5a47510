package io.jwtredis.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * A {@link RevocationStore} that remembers, for a short time, which tokens its delegate
 * found not revoked, and forgets them when any instance revokes them.
 * <p>
 * Only {@link RevocationStatus#ACTIVE} answers are remembered, one entry per {@code jti}
 * and one per subject (standing for "no cut-off covered this subject's tokens when they
 * were checked"); a token is answered from memory only while both of its entries are
 * present and were created together. Every entry expires after
 * {@link NearCacheSettings#ttl()}. Revocations made through this store are published on
 * an {@link InvalidationChannel} after the delegate confirms them, and every instance
 * drops the matching entries when the message arrives. The cache answers only while its
 * own heartbeats keep coming back through the channel; when they stop (subscription
 * dropped, node frozen or unreachable) every check goes to the delegate until heartbeats
 * return, and the cache is emptied then, since messages may have been missed.
 * <p>
 * A check that reads the delegate while an invalidation or a flush happens does not keep
 * its answer: every such event advances a sequence number that the check compares before
 * and after.
 */
public final class NearCacheRevocationStore implements RevocationStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(NearCacheRevocationStore.class);

	static final String TOKEN_MESSAGE = "r";

	static final String SUBJECT_MESSAGE = "a";

	private final RevocationStore delegate;

	private final InvalidationChannel channel;

	private final Ticker ticker;

	private final long livenessNanos;

	private final Cache<String, TokenEntry> tokens;

	private final Cache<String, SubjectEntry> subjects;

	private final Map<String, TokenEntry> tokensByDigest = new ConcurrentHashMap<>();

	private final Map<String, SubjectEntry> subjectsByDigest = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder flushes = new LongAdder();

	private final Object heartbeatLock = new Object();

	private volatile long liveUntil;

	private volatile boolean everLive;

	private volatile boolean suspended;

	public NearCacheRevocationStore(RevocationStore delegate, InvalidationChannel channel, NearCacheSettings settings) {
		this(delegate, channel, settings, Ticker.systemTicker());
	}

	/**
	 * Create a store that reads time from the given ticker, for tests.
	 * @param delegate the store that answers misses and takes revocations
	 * @param channel the channel that carries invalidations and heartbeats
	 * @param settings size and timing
	 * @param ticker the source of nanosecond time
	 */
	public NearCacheRevocationStore(RevocationStore delegate, InvalidationChannel channel, NearCacheSettings settings,
			Ticker ticker) {
		Assert.notNull(delegate, "delegate must not be null");
		Assert.notNull(channel, "channel must not be null");
		Assert.notNull(settings, "settings must not be null");
		this.delegate = delegate;
		this.channel = channel;
		this.ticker = ticker;
		this.livenessNanos = settings.liveness().toNanos();
		this.liveUntil = ticker.read();
		this.tokens = newCache(settings, ticker, this.tokensByDigest);
		this.subjects = newCache(settings, ticker, this.subjectsByDigest);
		channel.start(new Listener());
	}

	@Override
	public RevocationStatus check(TokenRecord token) {
		if (isLive()) {
			TokenEntry entry = this.tokens.getIfPresent(token.tokenId());
			if (entry != null && entry.subject().subject().equals(token.subject())
					&& this.subjects.getIfPresent(token.subject()) == entry.subject()) {
				this.hits.increment();
				return RevocationStatus.ACTIVE;
			}
		}
		this.misses.increment();
		long before = this.sequence.get();
		boolean live = isLive();
		RevocationStatus status = this.delegate.check(token);
		if (status == RevocationStatus.ACTIVE && live) {
			remember(token, before);
		}
		return status;
	}

	@Override
	public Instant recordIssued(String tokenId, String subject, Instant now, Duration lifetime,
			Map<String, String> claims) {
		return this.delegate.recordIssued(tokenId, subject, now, lifetime, claims);
	}

	@Override
	public void revoke(String tokenId, String subject, Instant expiresAt) {
		this.delegate.revoke(tokenId, subject, expiresAt);
		String message = TOKEN_MESSAGE + " " + RevocationKeys.digest(subject) + " " + RevocationKeys.digest(tokenId);
		forgetToken(RevocationKeys.digest(tokenId));
		this.channel.publish(message);
	}

	@Override
	public void revokeAllIssuedBefore(String subject, Instant cutoff) {
		this.delegate.revokeAllIssuedBefore(subject, cutoff);
		String digest = RevocationKeys.digest(subject);
		forgetSubject(digest);
		this.channel.publish(SUBJECT_MESSAGE + " " + digest);
	}

	/**
	 * Return how many checks were answered from memory.
	 * @return the count
	 */
	public long hitCount() {
		return this.hits.sum();
	}

	/**
	 * Return how many checks went to the delegate.
	 * @return the count
	 */
	public long missCount() {
		return this.misses.sum();
	}

	/**
	 * Return how many times the cache was emptied because heartbeats stopped or resumed.
	 * @return the count
	 */
	public long flushCount() {
		return this.flushes.sum();
	}

	/**
	 * Return how many tokens are remembered, counting entries not yet cleaned up.
	 * @return the estimate
	 */
	public long estimatedSize() {
		return this.tokens.estimatedSize();
	}

	/**
	 * Whether the cache answers checks: its heartbeats came back recently.
	 * @return {@code true} if a recent heartbeat came back
	 */
	public boolean isLive() {
		return this.everLive && !this.suspended && this.ticker.read() - this.liveUntil < 0;
	}

	/**
	 * Stop answering from memory, empty the cache and release the channel's connections,
	 * until {@link #resume()}: while suspended every check goes to the delegate.
	 */
	public void suspend() {
		stopAnswering();
		this.channel.suspend();
	}

	private void stopAnswering() {
		synchronized (this.heartbeatLock) {
			this.suspended = true;
			this.liveUntil = this.ticker.read();
		}
		flush();
	}

	/**
	 * Receive invalidations again after {@link #suspend()}; the cache answers once its
	 * heartbeats come back, and is emptied then.
	 */
	public void resume() {
		synchronized (this.heartbeatLock) {
			this.suspended = false;
		}
		this.channel.resume();
	}

	/**
	 * Return the store that answers misses.
	 * @return the delegate
	 */
	public RevocationStore getDelegate() {
		return this.delegate;
	}

	/**
	 * Empty the cache and refuse answers that were being read while it happened.
	 */
	public void flush() {
		this.sequence.incrementAndGet();
		this.tokens.invalidateAll();
		this.subjects.invalidateAll();
		this.tokens.cleanUp();
		this.subjects.cleanUp();
		this.flushes.increment();
	}

	@Override
	public void close() {
		stopAnswering();
		this.channel.close();
	}

	private static <E extends Digested> Cache<String, E> newCache(NearCacheSettings settings, Ticker ticker,
			Map<String, E> byDigest) {
		return Caffeine.newBuilder()
			.maximumSize(settings.maximumSize())
			.expireAfterWrite(settings.ttl())
			.ticker(ticker)
			.executor(Runnable::run)
			.<String, E>removalListener((key, entry, cause) -> {
				if (entry != null && cause != RemovalCause.REPLACED) {
					byDigest.remove(entry.digest(), entry);
				}
			})
			.build();
	}

	private void remember(TokenRecord token, long before) {
		SubjectEntry subject = this.subjects.get(token.subject(), (name) -> {
			SubjectEntry created = new SubjectEntry(name, RevocationKeys.digest(name));
			this.subjectsByDigest.put(created.digest(), created);
			return created;
		});
		TokenEntry entry = new TokenEntry(token.tokenId(), RevocationKeys.digest(token.tokenId()), subject);
		this.tokensByDigest.put(entry.digest(), entry);
		this.tokens.put(token.tokenId(), entry);
		if (this.sequence.get() != before) {
			this.tokens.asMap().remove(token.tokenId(), entry);
		}
	}

	private void forgetToken(String tokenDigest) {
		this.sequence.incrementAndGet();
		TokenEntry entry = this.tokensByDigest.remove(tokenDigest);
		if (entry != null) {
			this.tokens.invalidate(entry.tokenId());
		}
	}

	private void forgetSubject(String subjectDigest) {
		this.sequence.incrementAndGet();
		SubjectEntry entry = this.subjectsByDigest.remove(subjectDigest);
		if (entry != null) {
			this.subjects.asMap().remove(entry.subject(), entry);
		}
	}

	private void heartbeat() {
		synchronized (this.heartbeatLock) {
			if (this.suspended) {
				return;
			}
			if (!isLive()) {
				flush();
				if (this.everLive) {
					logger.warn("Near cache heartbeats are back; cache emptied and answering again");
				}
				this.everLive = true;
			}
			this.liveUntil = this.ticker.read() + this.livenessNanos;
		}
	}

	private final class Listener implements InvalidationChannel.Listener {

		@Override
		public void onInvalidation(String message) {
			String[] parts = message.split(" ");
			if (parts.length == 3 && TOKEN_MESSAGE.equals(parts[0])) {
				forgetToken(parts[2]);
			}
			else if (parts.length == 2 && SUBJECT_MESSAGE.equals(parts[0])) {
				forgetSubject(parts[1]);
			}
			else {
				logger.debug("Ignoring an unknown near cache message");
			}
		}

		@Override
		public void onHeartbeat() {
			heartbeat();
		}

		@Override
		public void onInterrupted() {
			synchronized (NearCacheRevocationStore.this.heartbeatLock) {
				NearCacheRevocationStore.this.liveUntil = NearCacheRevocationStore.this.ticker.read();
			}
			logger.debug("Near cache subscription dropped; answering from Redis until heartbeats come back");
		}

	}

	private interface Digested {

		String digest();

	}

	/**
	 * A subject's entry; compared by identity, so that an entry made again after a "log
	 * out everywhere" is never mistaken for the one it replaced.
	 */
	private static final class SubjectEntry implements Digested {

		private final String subject;

		private final String digest;

		SubjectEntry(String subject, String digest) {
			this.subject = subject;
			this.digest = digest;
		}

		String subject() {
			return this.subject;
		}

		@Override
		public String digest() {
			return this.digest;
		}

	}

	/**
	 * A token's entry, tied to the subject entry it was made with; compared by identity.
	 */
	private static final class TokenEntry implements Digested {

		private final String tokenId;

		private final String digest;

		private final SubjectEntry subject;

		TokenEntry(String tokenId, String digest, SubjectEntry subject) {
			this.tokenId = tokenId;
			this.digest = digest;
			this.subject = subject;
		}

		String tokenId() {
			return this.tokenId;
		}

		SubjectEntry subject() {
			return this.subject;
		}

		@Override
		public String digest() {
			return this.digest;
		}

	}

}
