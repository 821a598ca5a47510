package io.jwtredis.core;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Size and timing of a {@link NearCacheRevocationStore}.
 *
 * @param maximumSize the most tokens remembered at once
 * @param ttl how long a "not revoked" answer is reused, whatever the channel says
 * @param heartbeatInterval how often the channel sends a heartbeat to itself; the cache
 * stops answering when no heartbeat came back for four intervals
 */
public record NearCacheSettings(long maximumSize, Duration ttl, Duration heartbeatInterval) {

	public NearCacheSettings {
		Assert.isTrue(maximumSize > 0, "maximumSize must be positive");
		Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
		Assert.isTrue(!heartbeatInterval.isNegative() && !heartbeatInterval.isZero(),
				"heartbeatInterval must be positive");
	}

	/**
	 * Return how long the cache keeps answering after the last heartbeat came back.
	 * @return four heartbeat intervals
	 */
	public Duration liveness() {
		return this.heartbeatInterval.multipliedBy(4);
	}

}
