package io.jwtredis.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;

import org.springframework.util.Assert;

/**
 * Tracks whether the revocation store answers, logging one WARN when it goes down and one
 * when it has answered again for a quiet period, rather than one per request.
 * <p>
 * The quiet period keeps a partial outage (one master frozen while the others answer)
 * from flapping between the two messages on every request: the store counts as recovered
 * only once no call has failed for that long.
 */
final class StoreHealth {

	private final Log logger;

	private final long quietPeriodNanos;

	private final String downMessage;

	private final String upMessage;

	private final LongSupplier nanoTime;

	private final AtomicBoolean down = new AtomicBoolean();

	private volatile long lastFailure;

	private volatile long downSince;

	StoreHealth(Log logger, Duration quietPeriod, String downMessage, String upMessage) {
		this(logger, quietPeriod, downMessage, upMessage, System::nanoTime);
	}

	StoreHealth(Log logger, Duration quietPeriod, String downMessage, String upMessage, LongSupplier nanoTime) {
		Assert.notNull(logger, "logger must not be null");
		this.logger = logger;
		this.quietPeriodNanos = quietPeriod.toNanos();
		this.downMessage = downMessage;
		this.upMessage = upMessage;
		this.nanoTime = nanoTime;
	}

	void succeeded() {
		if (this.down.get() && this.nanoTime.getAsLong() - this.lastFailure >= this.quietPeriodNanos
				&& this.down.compareAndSet(true, false)) {
			this.logger.warn(this.upMessage);
		}
	}

	void failed(Throwable cause) {
		this.lastFailure = this.nanoTime.getAsLong();
		if (this.down.compareAndSet(false, true)) {
			this.downSince = this.lastFailure;
			this.logger.warn(this.downMessage + " (" + cause.getClass().getSimpleName() + ")");
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug("Revocation store call failed: " + cause.getClass().getSimpleName());
		}
	}

	/**
	 * Return how long the current outage has lasted.
	 * @return the duration in nanoseconds, or {@code -1} while available
	 */
	long downForNanos() {
		return this.down.get() ? this.nanoTime.getAsLong() - this.downSince : -1;
	}

	boolean isAvailable() {
		return !this.down.get();
	}

}
