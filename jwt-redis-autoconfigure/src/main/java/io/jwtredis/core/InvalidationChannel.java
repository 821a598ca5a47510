package io.jwtredis.core;

/**
 * Carries near-cache invalidations between the instances that share a Redis, and proves
 * with heartbeats that this instance still receives them.
 */
public interface InvalidationChannel extends AutoCloseable {

	/**
	 * Start receiving; the listener is called on the channel's own threads.
	 * @param listener the receiver of invalidations and heartbeats
	 */
	void start(Listener listener);

	/**
	 * Send an invalidation to every instance, this one included; returns once Redis has
	 * taken it.
	 * @param message the invalidation, free of raw token ids and subjects
	 * @throws RevocationStoreUnavailableException if Redis does not take it in time
	 */
	void publish(String message);

	/**
	 * Stop receiving and release connections until {@link #resume()}; the listener is
	 * kept. The default does nothing.
	 */
	default void suspend() {
	}

	/**
	 * Receive again after {@link #suspend()}, with the same listener. The default does
	 * nothing.
	 */
	default void resume() {
	}

	/**
	 * Stop receiving and release connections for good.
	 */
	@Override
	void close();

	/**
	 * Receives what the channel delivers.
	 */
	interface Listener {

		/**
		 * Called for each invalidation published by any instance.
		 * @param message the invalidation
		 */
		void onInvalidation(String message);

		/**
		 * Called each time one of this instance's own heartbeats comes back, which proves
		 * that invalidations published before it on the same node have been delivered.
		 */
		void onHeartbeat();

		/**
		 * Called when the subscription's connection drops: messages published until it is
		 * back may never arrive.
		 */
		void onInterrupted();

	}

}
