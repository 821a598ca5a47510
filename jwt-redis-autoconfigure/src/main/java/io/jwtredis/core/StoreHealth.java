package io.jwtredis.core;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tracks whether the revocation store answers, logging once when it goes down and once
 * when it comes back rather than once per request.
 */
final class StoreHealth {

	private static final Log logger = LogFactory.getLog(LettuceRevocationStore.class);

	private final AtomicBoolean down = new AtomicBoolean();

	void succeeded() {
		if (this.down.get() && this.down.compareAndSet(true, false)) {
			logger.warn("Revocation store is answering again");
		}
	}

	void failed(Throwable cause) {
		if (this.down.compareAndSet(false, true)) {
			logger.warn("Revocation store is not answering (" + cause.getClass().getSimpleName()
					+ "); token checks fail until it recovers");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Revocation store call failed: " + cause.getClass().getSimpleName());
		}
	}

	boolean isAvailable() {
		return !this.down.get();
	}

}
