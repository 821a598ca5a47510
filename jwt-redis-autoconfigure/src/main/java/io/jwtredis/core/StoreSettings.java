package io.jwtredis.core;

import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Timeouts and durability rules of a {@link LettuceRevocationStore}.
 *
 * @param timeout the longest wait for an answer to one check or write
 * @param connectTimeout the longest wait for the first connection
 * @param clockSkew the clock skew added to every TTL
 * @param maxTokenLifetime the longest accepted token lifetime, which bounds the cut-off
 * TTL
 * @param replicas the replicas that must acknowledge a revocation, or {@code null} for
 * one when the owning master has a replica and none otherwise
 * @param durabilityTimeout the longest wait for replicas to acknowledge a revocation
 * @param clock the clock
 */
public record StoreSettings(Duration timeout, Duration connectTimeout, Duration clockSkew, Duration maxTokenLifetime,
		@Nullable Integer replicas, Duration durabilityTimeout, Clock clock) {

	public StoreSettings {
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
		Assert.isTrue(!clockSkew.isNegative(), "clockSkew must not be negative");
		Assert.isTrue(!maxTokenLifetime.isNegative() && !maxTokenLifetime.isZero(),
				"maxTokenLifetime must be positive");
		Assert.isTrue(replicas == null || replicas >= 0, "replicas must not be negative");
		Assert.isTrue(!durabilityTimeout.isNegative() && !durabilityTimeout.isZero(),
				"durabilityTimeout must be positive");
	}

}
