package io.jwtredis.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the outcomes of revocation checks.
 */
public final class RevocationStatistics {

	private final LongAdder accepted = new LongAdder();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder unavailable = new LongAdder();

	private final LongAdder failedOpen = new LongAdder();

	void accepted() {
		this.accepted.increment();
	}

	void rejected() {
		this.rejected.increment();
	}

	void unavailable() {
		this.unavailable.increment();
	}

	void failedOpen() {
		this.failedOpen.increment();
	}

	/**
	 * Return how many tokens passed the revocation check.
	 * @return the count
	 */
	public long acceptedCount() {
		return this.accepted.sum();
	}

	/**
	 * Return how many tokens were rejected as revoked.
	 * @return the count
	 */
	public long rejectedCount() {
		return this.rejected.sum();
	}

	/**
	 * Return how many checks failed closed because the store did not answer.
	 * @return the count
	 */
	public long unavailableCount() {
		return this.unavailable.sum();
	}

	/**
	 * Return how many tokens were accepted unchecked because the store did not answer and
	 * the decoder fails open.
	 * @return the count
	 */
	public long failedOpenCount() {
		return this.failedOpen.sum();
	}

}
